import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyChange, isChange, withReaction } from '../wwwroot/js/changes.js';
import { catchUp, Timeline } from '../wwwroot/js/timeline.js';
import { change, message, messages, ME, PEER } from './messages.js';

const seqs = (list) => list.map((m) => m.seq);
const state = (m) => ({ body: m.body, editedAt: m.editedAt ?? null, deleted: m.deleted ?? false, reactions: m.reactions ?? [], changedSeq: m.changedSeq ?? 0 });

test('an edit changes the text and says when; a deletion empties the message of its text, reactions and mentions', () => {
    const m = { ...message(1, { body: 'helo' }), mentions: [ME], reactions: [{ emoji: '👍', userIds: [ME] }] };

    assert.equal(applyChange(m, change(2, 'messageEdited', 1, { body: 'hello' })), true);
    assert.deepEqual([m.body, m.editedAt, m.changedSeq], ['hello', '2026-01-01T10:02:00Z', 2]);
    assert.equal(applyChange(m, change(3, 'messageDeleted', 1)), true);

    assert.deepEqual(state(m), { body: '', editedAt: '2026-01-01T10:02:00Z', deleted: true, reactions: [], changedSeq: 3 });
    assert.deepEqual(m.mentions, []);
});

test('reactions are counted per person, in the order each emoji was first used; taking the last one back removes the emoji', () => {
    const m = message(1);

    applyChange(m, change(2, 'reactionAdded', 1, { senderId: 'ann', body: '👍' }));
    applyChange(m, change(3, 'reactionAdded', 1, { senderId: 'ben', body: '❤️' }));
    applyChange(m, change(4, 'reactionAdded', 1, { senderId: 'ben', body: '👍' }));
    assert.deepEqual(m.reactions, [{ emoji: '👍', userIds: ['ann', 'ben'] }, { emoji: '❤️', userIds: ['ben'] }]);

    applyChange(m, change(5, 'reactionRemoved', 1, { senderId: 'ann', body: '👍' }));
    applyChange(m, change(6, 'reactionRemoved', 1, { senderId: 'ben', body: '👍' }));
    applyChange(m, change(7, 'reactionAdded', 1, { senderId: 'ann', body: '👍' }));

    assert.deepEqual(m.reactions, [{ emoji: '❤️', userIds: ['ben'] }, { emoji: '👍', userIds: ['ann'] }]);
});

test('a row at or below the changedSeq the message already holds changes nothing: the same row twice counts once', () => {
    const m = message(1);
    const added = change(2, 'reactionAdded', 1, { senderId: 'ann', body: '👍' });

    assert.equal(applyChange(m, added), true);
    assert.equal(applyChange(m, added), false);
    assert.deepEqual(m.reactions, [{ emoji: '👍', userIds: ['ann'] }]);

    const readLater = { ...message(1, { body: 'edited twice' }), changedSeq: 9 };
    assert.equal(applyChange(readLater, change(5, 'messageEdited', 1, { body: 'edited once' })), false);
    assert.equal(readLater.body, 'edited twice');
});

test('a row for another message, or aimed at an event, changes nothing', () => {
    const m = message(1);
    const event = { ...message(2), kind: 'memberAdded' };

    assert.equal(applyChange(m, change(3, 'messageEdited', 2, { body: 'x' })), false);
    assert.equal(applyChange(event, change(3, 'messageEdited', 2, { body: 'x' })), false);
    assert.deepEqual([m.body, event.body], ['message 1', 'message 2']);
});

test('only change rows are change rows', () => {
    assert.deepEqual(['messageEdited', 'messageDeleted', 'reactionAdded', 'reactionRemoved', 'text', 'memberAdded', undefined]
        .map((kind) => isChange({ ...message(1), kind })), [true, true, true, true, false, false, false]);
});

test('adding a reaction one already has keeps it once', () => {
    assert.deepEqual(withReaction([{ emoji: '👍', userIds: ['ann'] }], '👍', 'ann', true), [{ emoji: '👍', userIds: ['ann'] }]);
    assert.deepEqual(withReaction([], '👍', 'ann', false), []);
});

test('the timeline folds change rows into their messages and shows only messages and events', () => {
    const timeline = new Timeline('c1');
    timeline.begin(messages(1, 2));

    const shown = timeline.accept([change(3, 'messageEdited', 1, { body: 'first, edited' }), message(4), change(5, 'messageDeleted', 2)]);

    assert.deepEqual(seqs(shown), [4]);
    assert.deepEqual(seqs(timeline.messages), [1, 2, 4]);
    assert.equal(timeline.lastSeq, 5);
    assert.deepEqual([timeline.messages[0].body, timeline.messages[1].deleted], ['first, edited', true]);
});

test('change rows are folded in seq order: rows beyond a gap wait for it', () => {
    const timeline = new Timeline('c1');
    timeline.begin(messages(1, 1));

    timeline.accept([change(3, 'reactionRemoved', 1, { senderId: 'ann', body: '👍' })]);
    assert.deepEqual(timeline.messages[0].reactions ?? [], []);
    timeline.accept([change(2, 'reactionAdded', 1, { senderId: 'ann', body: '👍' })]);

    assert.deepEqual(timeline.messages[0].reactions, []);
    assert.equal(timeline.messages[0].changedSeq, 3);
});

test('a change row that arrives before the message it changes (while the history loads) is applied once, by the changedSeq rule', () => {
    const timeline = new Timeline('c1');
    timeline.accept([change(4, 'messageEdited', 3, { body: 'live edit' }), change(5, 'reactionAdded', 3, { senderId: 'ann', body: '🎉' })]);

    // The page was read after the edit but before the reaction.
    const page = [...messages(1, 2), { ...message(3, { body: 'live edit' }), editedAt: '2026-01-01T10:04:00Z', changedSeq: 4 }, change(4, 'messageEdited', 3, { body: 'live edit' })];
    timeline.begin(page);

    assert.deepEqual(seqs(timeline.messages), [1, 2, 3]);
    assert.equal(timeline.lastSeq, 5);
    assert.deepEqual(state(timeline.find(3)), { body: 'live edit', editedAt: '2026-01-01T10:04:00Z', deleted: false, reactions: [{ emoji: '🎉', userIds: ['ann'] }], changedSeq: 5 });
});

test('a change row whose message is older than what is loaded waits until the older page brings it', () => {
    const timeline = new Timeline('c1');
    timeline.begin(messages(51, 60));
    timeline.accept([change(61, 'reactionAdded', 10, { senderId: 'ann', body: '👍' }), change(62, 'messageEdited', 20, { body: 'changed' })]);

    // The older page was read before row 62, after row 61.
    const older = messages(1, 50).map((m) => (m.seq === 10 ? { ...m, reactions: [{ emoji: '👍', userIds: ['ann'] }], changedSeq: 61 } : m));
    assert.equal(timeline.prepend(older), 50);

    assert.deepEqual(timeline.find(10).reactions, [{ emoji: '👍', userIds: ['ann'] }]);
    assert.equal(timeline.find(20).body, 'changed');
    assert.equal(timeline.waiting.byTarget.size, 0);
});

test('a change row told live and again by catching up (or in the page that started the timeline) counts once', () => {
    const timeline = new Timeline('c1');
    timeline.begin([{ ...message(1), reactions: [{ emoji: '👍', userIds: ['ann'] }], changedSeq: 2 }, change(2, 'reactionAdded', 1, { senderId: 'ann', body: '👍' })]);

    timeline.accept([change(2, 'reactionAdded', 1, { senderId: 'ann', body: '👍' }), change(3, 'reactionAdded', 1, { senderId: 'ben', body: '👍' })]);
    timeline.accept([change(3, 'reactionAdded', 1, { senderId: 'ben', body: '👍' })]);

    assert.deepEqual(timeline.find(1).reactions, [{ emoji: '👍', userIds: ['ann', 'ben'] }]);
    assert.equal(timeline.find(1).changedSeq, 3);
});

test('an older page whose change rows target messages it brings is not applied twice', () => {
    const timeline = new Timeline('c1');
    timeline.begin([message(5), message(6)]);

    const older = [{ ...message(1), reactions: [{ emoji: '👍', userIds: [PEER] }], changedSeq: 3 }, message(2), change(3, 'reactionAdded', 1, { body: '👍' }), message(4)];
    assert.equal(timeline.prepend(older), 3);

    assert.deepEqual(seqs(timeline.messages), [1, 2, 4, 5, 6]);
    assert.deepEqual(timeline.find(1).reactions, [{ emoji: '👍', userIds: [PEER] }]);
    assert.equal(timeline.oldestSeq, 1);
    assert.equal(timeline.hasOlder, false);
});

test('paging back goes from the oldest row loaded, even when it is a change row', () => {
    const timeline = new Timeline('c1');
    timeline.begin([change(40, 'reactionAdded', 3, { body: '👍' }), ...messages(41, 42)]);

    assert.equal(timeline.oldestSeq, 40);
    assert.equal(timeline.hasOlder, true);
    assert.equal(timeline.prepend([...messages(38, 39), change(40, 'reactionAdded', 3, { body: '👍' })]), 2);
    assert.equal(timeline.oldestSeq, 38);
});

test('catching up folds the change rows it brings', async () => {
    const timeline = new Timeline('c1');
    timeline.begin(messages(1, 2));

    await catchUp(timeline, async (_, after) => [change(3, 'messageEdited', 2, { body: 'caught up' }), message(4)].filter((m) => m.seq > after), 50);

    assert.deepEqual(seqs(timeline.messages), [1, 2, 4]);
    assert.equal(timeline.find(2).body, 'caught up');
    assert.equal(timeline.lastSeq, 4);
});

test('a change row for a message from before this person joined is let go once nothing older can come', () => {
    const timeline = new Timeline('c1');
    timeline.begin([message(30), change(31, 'reactionAdded', 12, { body: '👍' })]);
    timeline.accept([change(32, 'messageEdited', 12, { body: '' })]);
    assert.equal(timeline.waiting.byTarget.size, 1);

    timeline.prepend([message(20), message(29)]);
    assert.equal(timeline.hasOlder, true);
    timeline.prepend([{ ...message(1), kind: 'memberAdded' }]);

    assert.equal(timeline.hasOlder, false);
    assert.equal(timeline.waiting.byTarget.size, 0);
    const joinedFirst = new Timeline('c1');
    joinedFirst.begin([message(1), change(2, 'reactionAdded', 0, { body: '👍' })]);
    assert.equal(joinedFirst.waiting.byTarget.size, 0);
});

test("a deleted message's files go with its text", () => {
    const m = { ...message(1), files: [{ id: 'f1', name: 'a.png', contentType: 'image/png', length: 1, width: 1, height: 1, picture: true }] };

    applyChange(m, change(2, 'messageDeleted', 1));

    assert.equal(m.files, null);
});
