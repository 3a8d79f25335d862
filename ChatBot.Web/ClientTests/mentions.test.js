import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertMention, MAX_SUGGESTIONS, mentionedIds, mentionQuery, suggestions } from '../wwwroot/js/mentions.js';

const person = (id, displayName, userName = id) => ({ id, displayName, userName });
const ann = person('ann', 'Ann Lee', 'ann_l');
const annie = person('annie', 'Annie', 'annie');
const ben = person('ben', 'Ben');

test('a message mentions the people whose @name it holds as a word of its own, by display or user name', () => {
    assert.deepEqual(mentionedIds('@Ann Lee and @ben: lunch?', [ann, annie, ben]), ['ann', 'ben']);
    assert.deepEqual(mentionedIds('ping @ann_l', [ann, annie]), ['ann']);
    assert.deepEqual(mentionedIds('@Annie only', [ann, annie]), ['annie']);
    assert.deepEqual(mentionedIds('mail ann@ben.org, @bent, @Ann Leer', [ann, ben]), []);
    assert.deepEqual(mentionedIds('(@Ben)', [ben]), ['ben']);
});

test('the "@" being typed before the caret is found at the start or after a space', () => {
    assert.deepEqual(mentionQuery('@', 1), { start: 0, query: '' });
    assert.deepEqual(mentionQuery('hi @an', 6), { start: 3, query: 'an' });
    assert.deepEqual(mentionQuery('hi @an there', 6), { start: 3, query: 'an' });
    assert.equal(mentionQuery('mail ann@x', 10), null);
    assert.equal(mentionQuery('@ann done', 9), null);
});

test('suggestions: names that start with what is typed first, then names that hold it; never oneself', () => {
    const people = [person('me', 'Me'), ben, annie, ann, person('dan', 'Dan Bann')];

    assert.deepEqual(suggestions(people, 'ann', 'me').map((p) => p.id), ['annie', 'ann', 'dan']);
    assert.deepEqual(suggestions(people, '', 'me').map((p) => p.id), ['ben', 'annie', 'ann', 'dan']);
    assert.deepEqual(suggestions(people, 'zzz', 'me'), []);
    const many = Array.from({ length: 20 }, (_, i) => person(`p${i}`, `P ${i}`));
    assert.equal(suggestions(many, 'p', 'me').length, MAX_SUGGESTIONS);
});

test('picking a suggestion puts the display name in place of what was typed, and the caret after it', () => {
    assert.deepEqual(insertMention('hi @an', mentionQuery('hi @an', 6), 6, ann), { text: 'hi @Ann Lee ', caret: 12 });
    assert.deepEqual(insertMention('hi @an there', mentionQuery('hi @an there', 6), 6, ann), { text: 'hi @Ann Lee there', caret: 12 });
});
