import assert from 'node:assert/strict';
import { test } from 'node:test';
import markdownit from 'markdown-it';
import { createMarkdown } from '../wwwroot/js/markdown.js';
import { MessageSearch, searchPath, searchResultViews, searchStatus, snippetTree } from '../wwwroot/js/search.js';
import { formats, ME, PEER } from './messages.js';

const markdown = createMarkdown(markdownit);

/** A result as the server sends it. */
function result(seq, { conversationId = 'c1', snippet = `message ${seq}`, highlights = [[0, 7]], senderId = PEER, isGroup = false } = {}) {
    return {
        conversationId, conversationName: isGroup ? 'Plans' : 'Bob', isGroup, seq, senderId, senderName: 'Bob',
        sentAt: '2026-01-01T10:00:00Z', editedAt: null, snippet, highlights,
    };
}

/** Answers each page from a list, 2 a page, as the server would; records what was asked. */
function server(all, asked = []) {
    return async (query, conversationId, page) => {
        asked.push([query, conversationId, page]);
        return { results: all.slice((page - 1) * 2, page * 2), page, hasMore: page * 2 < all.length };
    };
}

/** A refusal as api.js throws it. */
const refused = (code, message) => Object.assign(new Error(message), { refusal: { code, message } });

test('the matches are marks between text nodes, in order, whatever order the ranges come in', () => {
    assert.deepEqual(snippetTree('lunch at noon, lunch again', [[15, 5], [0, 5]], markdown), [
        { tag: 'mark', children: ['lunch'] }, ' at noon, ', { tag: 'mark', children: ['lunch'] }, ' again',
    ]);
    assert.deepEqual(snippetTree('no match here', [], markdown), ['no match here']);
    assert.deepEqual(snippetTree('all of it', [[0, 9]], markdown), [{ tag: 'mark', children: ['all of it'] }]);
});

test('what a sender wrote stays text: markup in a snippet is never an element', () => {
    const tree = snippetTree('<img src=x onerror=alert(1)> <b>bold</b>', [[0, 4], [29, 3]], markdown);

    assert.deepEqual(tree, [{ tag: 'mark', children: ['<img'] }, ' src=x onerror=alert(1)> ', { tag: 'mark', children: ['<b>'] }, 'bold</b>']);
    assert.ok(tree.every((node) => typeof node === 'string' || node.tag === 'mark'));
});

test('overlapping ranges are merged, and ranges that are malformed or outside the text are left out', () => {
    assert.deepEqual(snippetTree('abcdefgh', [[1, 3], [2, 4], [7, 10]], markdown), ['a', { tag: 'mark', children: ['bcdef'] }, 'g', { tag: 'mark', children: ['h'] }]);
    assert.deepEqual(snippetTree('abc', [[-2, 3], [1, 0], [5, 2], ['1', 1], [1.5, 1], null, [2]], markdown), [{ tag: 'mark', children: ['a'] }, 'bc']);
    assert.deepEqual(snippetTree('abc', 'not a list', markdown), ['abc']);
    assert.deepEqual(snippetTree(null, [[0, 1]], markdown), []);
});

test('a snippet is formatted as its message is, on one line, its matches marked inside the formatting', () => {
    const text = 'the **bold** plan, `code` and [a link](https://example.com/plan)';
    const at = (word) => [text.indexOf(word), word.length];

    assert.deepEqual(snippetTree(text, [at('bold'), at('plan,'), at('code'), at('link')], markdown), [
        'the ', { tag: 'strong', children: [{ tag: 'mark', children: ['bold'] }] }, ' ', { tag: 'mark', children: ['plan,'] }, ' ',
        { tag: 'code', children: [{ tag: 'mark', children: ['code'] }] }, ' and ', 'a ', { tag: 'mark', children: ['link'] },
    ]);
    assert.deepEqual(snippetTree('> quoted\n\n- one\n- two', [[2, 6]], markdown), [{ tag: 'mark', children: ['quoted'] }, ' ', 'one', ' ', 'two']);
});

test('a link is its text in a result, which is a button: its address, matched or not, is not shown', () => {
    const text = 'see [the docs](https://example.com/plan) and https://example.org/plan';

    assert.deepEqual(snippetTree(text, [[text.indexOf('plan'), 4], [text.lastIndexOf('plan'), 4]], markdown), [
        'see ', 'the docs', ' and ', 'https://example.org/', { tag: 'mark', children: ['plan'] },
    ]);
});

test('a range that ends in a link\'s address ends there: the text after it is not marked', () => {
    const text = 'see [the docs](https://example.com/plan) after';
    const from = text.indexOf('docs');

    assert.deepEqual(snippetTree(text, [[from, text.indexOf('plan') + 2 - from]], markdown), [
        'see ', 'the ', { tag: 'mark', children: ['docs'] }, ' after',
    ]);
});

test('a range never cuts a character of two code units in half', () => {
    // "🦜" is two UTF-16 code units: a range that starts or ends inside it takes it whole.
    assert.deepEqual(snippetTree('a🦜b', [[2, 2]], markdown), ['a', { tag: 'mark', children: ['🦜b'] }]);
    assert.deepEqual(snippetTree('a🦜b', [[0, 2]], markdown), [{ tag: 'mark', children: ['a🦜'] }, 'b']);
});

test('a search asks for the query as typed, trimmed, in the scope it has, and its address carries them encoded', async () => {
    const search = new MessageSearch();
    const asked = [];
    search.query = '  "at noon" from:@ann  ';
    search.lookIn({ id: 'c 1', name: 'Plans' });

    const count = await search.start(server([result(9), result(8), result(7)], asked));

    assert.equal(count, 2);
    assert.deepEqual(asked, [['"at noon" from:@ann', 'c 1', 1]]);
    assert.deepEqual([search.open, search.busy, search.hasMore, search.page], [true, false, true, 1]);
    assert.equal(searchPath('"at noon" & more', 'c 1', 2), '/api/search?q=%22at%20noon%22%20%26%20more&conversationId=c%201&page=2');
    assert.equal(searchPath('x', null, 1), '/api/search?q=x&page=1');
});

test('"More" adds the next page after the results shown, each result once though results moved down meanwhile', async () => {
    const search = new MessageSearch();
    search.query = 'lunch';
    await search.start(server([result(9), result(8)]));
    search.hasMore = true;

    const added = await search.more(server([result(10), result(9), result(8), result(7)]));

    assert.equal(added, 1);
    assert.deepEqual(search.results.map((r) => r.seq), [9, 8, 7]);
    assert.deepEqual([search.page, search.hasMore], [2, false]);
    assert.equal(await search.more(server([])), 0);
});

test('an empty query asks nothing and shows how to search; a newer search drops the answer of an older one', async () => {
    const search = new MessageSearch();
    const asked = [];
    assert.equal(await search.start(server([result(1)], asked)), 0);
    assert.deepEqual(asked, []);
    assert.match(searchStatus(search), /^Search messages: words, "a phrase", from:@name/);

    let answerFirst = () => {};
    search.query = 'first';
    const first = search.start(() => new Promise((resolve) => { answerFirst = () => resolve({ results: [result(1)], page: 1, hasMore: false }); }));
    search.query = 'second';
    await search.start(server([result(2)]));
    answerFirst();
    await first;

    assert.deepEqual(search.results.map((r) => r.seq), [2]);
    assert.equal(search.asked?.query, 'second');
});

test('a refusal is said in its own words; a page past the end only ends the results', async () => {
    const search = new MessageSearch();
    search.query = 'x'.repeat(300);
    await search.start(async () => { throw refused('invalid_search_query', 'A search has at most 256 characters.'); });
    assert.equal(search.error, 'A search has at most 256 characters.');
    assert.equal(searchStatus(search), '');

    search.query = 'lunch';
    await search.start(server([result(9), result(8), result(7)]));
    await search.more(async () => { throw refused('page_past_end', 'There is no such page.'); });
    assert.deepEqual([search.error, search.hasMore, search.results.length], ['', false, 2]);

    await search.start(async () => { throw new Error('network down'); });
    assert.equal(search.error, 'The search could not be run.');
});

test('looking in one conversation, or everywhere again, leaves what was found elsewhere behind', async () => {
    const search = new MessageSearch();
    search.query = 'lunch';
    await search.start(server([result(9)]));

    search.lookIn({ id: 'c2', name: 'Plans' });

    assert.deepEqual([search.results, search.asked, search.query, search.open], [[], null, 'lunch', true]);
    assert.match(searchStatus(search), /^Search messages in Plans: /);
});

test('the status says how many messages match, and where', async () => {
    const search = new MessageSearch();
    search.query = 'lunch';
    search.lookIn({ id: 'c1', name: 'Plans' });
    await search.start(server([result(9), result(8), result(7)]));
    assert.equal(searchStatus(search), '2 or more messages match “lunch” in Plans.');

    search.lookIn(null);
    await search.start(server([result(9)]));
    assert.equal(searchStatus(search), '1 message matches “lunch”.');
    await search.start(server([]));
    assert.equal(searchStatus(search), 'No messages match “lunch”.');
});

test('a result says who wrote it, where and when, with its snippet marked', () => {
    const [theirs, mine, inGroup] = searchResultViews([
        result(3),
        result(4, { senderId: ME }),
        result(5, { isGroup: true, conversationId: 'g1', snippet: 'lunch?', highlights: [[0, 5]] }),
    ], ME, formats, markdown);

    assert.deepEqual([theirs.sender, theirs.where, theirs.when, theirs.key], ['Bob', 'to you', '1 Jan, 10:00', 'c1:3']);
    assert.deepEqual([mine.sender, mine.where], ['You', 'to Bob']);
    assert.deepEqual([inGroup.sender, inGroup.where, inGroup.snippet], ['Bob', 'in Plans', [{ tag: 'mark', children: ['lunch'] }, '?']]);
});
