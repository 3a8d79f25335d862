import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catchUp, Timeline } from '../wwwroot/js/timeline.js';
import { message, messages } from './messages.js';

const seqs = (list) => list.map((m) => m.seq);

function loaded(lastSeq) {
    const timeline = new Timeline('c1');
    timeline.begin(messages(1, lastSeq));
    return timeline;
}

test('messages arriving out of order are shown in seq order', () => {
    const timeline = loaded(2);

    assert.deepEqual(seqs(timeline.accept([message(4)])), []);
    assert.deepEqual(seqs(timeline.accept([message(3)])), [3, 4]);

    assert.deepEqual(seqs(timeline.messages), [1, 2, 3, 4]);
    assert.equal(timeline.lastSeq, 4);
});

test('a duplicate delivery is shown once', () => {
    const timeline = loaded(3);

    timeline.accept([message(4), message(4)]);
    timeline.accept([message(3), message(4), message(2)]);

    assert.deepEqual(seqs(timeline.messages), [1, 2, 3, 4]);
});

test('a gap holds back what comes after it until the gap is filled', () => {
    const timeline = loaded(1);

    const added = timeline.accept([message(3), message(5)]);

    assert.deepEqual(seqs(added), []);
    assert.equal(timeline.hasGap, true);
    assert.deepEqual(seqs(timeline.accept([message(2)])), [2, 3]);
    assert.equal(timeline.hasGap, true);
    assert.deepEqual(seqs(timeline.accept([message(4)])), [4, 5]);
    assert.equal(timeline.hasGap, false);
});

test('messages received while the history loads are kept and shown after it', () => {
    const timeline = new Timeline('c1');

    assert.deepEqual(timeline.accept([message(3), message(2)]), []);
    assert.equal(timeline.isLoaded, false);
    const shown = timeline.begin(messages(1, 2));

    assert.deepEqual(seqs(shown), [3]);
    assert.deepEqual(seqs(timeline.messages), [1, 2, 3]);
});

test('an empty conversation starts at seq 0 and shows its first message', () => {
    const timeline = new Timeline('c1');

    timeline.begin([]);

    assert.equal(timeline.lastSeq, 0);
    assert.equal(timeline.hasOlder, false);
    assert.deepEqual(seqs(timeline.accept([message(1)])), [1]);
});

test("another conversation's message is not taken", () => {
    const timeline = loaded(1);

    assert.deepEqual(timeline.accept([message(2, { conversationId: 'c2' })]), []);
    assert.equal(timeline.hasGap, false);
});

test('older pages are put before the rest, and the beginning is known', () => {
    const timeline = new Timeline('c1');
    timeline.begin(messages(51, 100));
    assert.equal(timeline.hasOlder, true);

    assert.equal(timeline.prepend(messages(1, 50)), 50);

    assert.deepEqual(seqs(timeline.messages), seqs(messages(1, 100)));
    assert.equal(timeline.hasOlder, false);
    assert.equal(timeline.oldestSeq, 1);
});

test('an older page that overlaps what is shown adds only what is older', () => {
    const timeline = new Timeline('c1');
    timeline.begin(messages(10, 12));

    assert.equal(timeline.prepend(messages(8, 11)), 2);

    assert.deepEqual(seqs(timeline.messages), [8, 9, 10, 11, 12]);
    assert.equal(timeline.hasOlder, true);
});

test('catching up fetches page after page from the last seq shown, until a short page', async () => {
    const timeline = loaded(2);
    const asked = [];
    const fetchAfter = async (id, after, limit) => {
        asked.push([id, after, limit]);
        return messages(after + 1, Math.min(after + limit, 7));
    };

    const added = await catchUp(timeline, fetchAfter, 2);

    assert.deepEqual(asked, [['c1', 2, 2], ['c1', 4, 2], ['c1', 6, 2]]);
    assert.deepEqual(seqs(added), [3, 4, 5, 6, 7]);
    assert.deepEqual(seqs(timeline.messages), [1, 2, 3, 4, 5, 6, 7]);
});

test('catching up repairs a gap, and what waited beyond it is shown', async () => {
    const timeline = loaded(1);
    timeline.accept([message(4)]);

    const added = await catchUp(timeline, async (_, after) => messages(after + 1, 3), 50);

    assert.deepEqual(seqs(added), [2, 3, 4]);
    assert.equal(timeline.hasGap, false);
});

test('each fetched page is seen before the timeline takes it', async () => {
    const timeline = loaded(1);
    const seen = [];

    await catchUp(timeline, async () => messages(2, 3), 50, (page) => seen.push(...seqs(page)));

    assert.deepEqual(seen, [2, 3]);
});

test('one catch-up at a time: a second one while the first runs does nothing', async () => {
    const timeline = loaded(1);
    let release;
    let calls = 0;
    const fetchAfter = () => {
        calls++;
        return new Promise((resolve) => {
            release = () => resolve(messages(2, 2));
        });
    };

    const first = catchUp(timeline, fetchAfter, 50);
    const second = await catchUp(timeline, fetchAfter, 50);
    release();

    assert.deepEqual(second, []);
    assert.deepEqual(seqs(await first), [2]);
    assert.equal(calls, 1);
    assert.equal(timeline.catchingUp, false);
});

test('a catch-up that fails (the connection dropped) ends quietly with what it had', async () => {
    const timeline = loaded(1);
    let call = 0;
    const fetchAfter = async () => {
        if (++call === 2) {
            throw new Error('Invocation canceled due to the underlying connection being closed.');
        }
        return messages(2, 3);
    };

    const added = await catchUp(timeline, fetchAfter, 2);

    assert.deepEqual(seqs(added), [2, 3]);
    assert.equal(timeline.catchingUp, false);
});

test('a full page that moves nothing ends the catch-up instead of repeating it', async () => {
    const timeline = loaded(5);
    let calls = 0;

    await catchUp(timeline, async () => {
        calls++;
        return messages(3, 4);
    }, 2);

    assert.equal(calls, 1);
});

test('no catch-up before the history has loaded', async () => {
    const timeline = new Timeline('c1');
    let calls = 0;

    assert.deepEqual(await catchUp(timeline, async () => { calls++; return []; }, 50), []);
    assert.equal(calls, 0);
});
