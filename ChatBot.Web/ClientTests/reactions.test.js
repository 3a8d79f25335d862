import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOneEmoji, QUICK_REACTIONS, reactionProblem } from '../wwwroot/js/reactions.js';

test('a reaction is one emoji: one grapheme cluster, flags, skin tones and families included', () => {
    assert.deepEqual(['👍', '❤️', '👍🏽', '🇫🇷', '👨‍👩‍👧', '1️⃣', '🙏'].map(isOneEmoji), [true, true, true, true, true, true, true]);
    assert.deepEqual(['', 'a', '👍👍', '👍 ', ':)', '1', 'ok👍'].map(isOneEmoji), [false, false, false, false, false, false, false]);
    assert.ok(QUICK_REACTIONS.every((q) => isOneEmoji(q.emoji) && q.label === `React with ${q.emoji}`));
    assert.equal(QUICK_REACTIONS.length, 6);
});

test('a new emoji past the limit is refused before it goes; one already there may always be toggled', () => {
    const used = ['👍', '❤️'];

    assert.equal(reactionProblem(used, '🎉', 3), '');
    assert.equal(reactionProblem(used, '🎉', 2), 'A message has at most 2 different reactions.');
    assert.equal(reactionProblem(used, '👍', 2), '');
    assert.equal(reactionProblem(used, 'ok', 20), 'A reaction is one emoji.');
});
