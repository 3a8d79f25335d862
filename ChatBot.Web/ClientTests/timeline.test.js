import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catchUp, Timeline } from '../wwwroot/js/timeline.js';
import { change, message, messages } from './messages.js';

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

/** A window around a message, with the newest seq past it known. */
function window(first, last, newestSeq) {
    const timeline = new Timeline('c1');
    timeline.begin(messages(first, last), newestSeq);
    return timeline;
}

test('a window into the history knows that newer rows exist past it', () => {
    const timeline = window(26, 75, 200);

    assert.equal(timeline.hasNewer, true);
    assert.equal(timeline.hasOlder, true);
    assert.equal(timeline.lastSeq, 75);
    assert.equal(window(151, 200, 200).hasNewer, false);
    assert.equal(loaded(50).hasNewer, false);
});

test('live rows wait beyond a window, out of sight and without a gap to repair, and are shown in order once the pages reach them', () => {
    const timeline = window(26, 75, 200);

    assert.deepEqual(timeline.accept([message(202), message(201)]), []);
    assert.equal(timeline.hasGap, false);
    assert.deepEqual(seqs(timeline.messages), seqs(messages(26, 75)));

    assert.deepEqual(seqs(timeline.append(messages(76, 125), false)), seqs(messages(76, 125)));
    assert.equal(timeline.hasNewer, true);
    const last = timeline.append(messages(126, 200), true);

    assert.deepEqual(seqs(last), seqs(messages(126, 202)));
    assert.equal(timeline.hasNewer, false);
    assert.equal(timeline.hasGap, false);
    assert.deepEqual(seqs(timeline.accept([message(203)])), [203]);
});

test('a live row the last page of a window also holds is shown once', () => {
    const timeline = window(1, 10, 12);
    timeline.accept([message(12)]);

    const added = timeline.append(messages(11, 12), true);

    assert.deepEqual(seqs(added), [11, 12]);
    assert.deepEqual(seqs(timeline.messages), seqs(messages(1, 12)));
});

test('once a window reaches the newest rows, a live row past a missing one is a gap again', () => {
    const timeline = window(1, 10, 20);
    timeline.accept([message(23)]);

    timeline.append(messages(11, 20), true);

    assert.equal(timeline.hasGap, true);
    assert.deepEqual(seqs(timeline.messages), seqs(messages(1, 20)));
});

test('rows that arrived while a window was on its way and join it to the newest end it being a window', () => {
    const timeline = new Timeline('c1');
    timeline.accept([message(76), message(77)]);

    const shown = timeline.begin(messages(26, 75), 76);

    assert.deepEqual(seqs(shown), [76, 77]);
    assert.equal(timeline.hasNewer, false);
});

test('a window is not caught up: its pages bring what is newer', async () => {
    const timeline = window(26, 75, 200);
    timeline.accept([message(201)]);
    let calls = 0;

    assert.deepEqual(await catchUp(timeline, async () => { calls++; return []; }, 50), []);
    assert.equal(calls, 0);
});

test('a change row for a message of a window waits with the live rows, and is folded in its turn', () => {
    const timeline = window(1, 10, 20);
    timeline.accept([change(21, 'messageEdited', 5, { body: 'edited' })]);
    assert.equal(timeline.find(5)?.body, 'message 5');

    timeline.append(messages(11, 20), true);

    assert.equal(timeline.find(5)?.body, 'edited');
    assert.equal(timeline.lastSeq, 21);
});

test('seeing a row reads up to it; seeing the newest at the newest end reads the change rows after it too', () => {
    const timeline = loaded(10);
    timeline.accept([change(11, 'reactionAdded', 3, { body: '👍' })]);
    const inWindow = window(1, 10, 20);

    assert.equal(timeline.readUpTo(7), 7);
    assert.equal(timeline.readUpTo(10), 11);
    assert.equal(inWindow.readUpTo(10), 10);
});

test("an edit and a deletion of an original that is not loaded show in the quotes of the replies to it", () => {
    const timeline = new Timeline('c1');
    const reply = { ...message(60), replyToSeq: 3, replyTo: { seq: 3, senderId: 'peer', senderName: 'Bob', excerpt: 'message 3', deleted: false } };
    timeline.begin([...messages(51, 59), reply]);

    timeline.accept([change(61, 'messageEdited', 3, { body: 'message three' })]);
    assert.equal(timeline.find(60)?.replyTo?.excerpt, 'message three');
    timeline.accept([change(62, 'messageDeleted', 3)]);

    assert.deepEqual(timeline.find(60)?.replyTo, { seq: 3, senderId: 'peer', senderName: 'Bob', excerpt: '', deleted: true });
});
