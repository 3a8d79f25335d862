import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFailedSend, draftProblem, newMessageId, Outbox, outboxSender } from '../wwwroot/js/outbox.js';
import { message } from './messages.js';

/** localStorage's interface over a Map: what a reload keeps. */
function memoryStore() {
    const items = new Map();
    return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, value), items };
}

const refused = (refusal) => new Error(`An unexpected error occurred invoking 'SendMessage' on the server. HubException: ${JSON.stringify(refusal)}`);
const dropped = () => new Error('Invocation canceled due to the underlying connection being closed.');
const now = new Date('2026-01-01T10:00:00Z');

/** A sender whose server answers with `answer(request)`; what it was sent and scheduled is recorded. */
function sending(outbox, answer, { connected = true } = {}) {
    const sent = [];
    const scheduled = [];
    const stored = [];
    const givenUp = [];
    const sender = outboxSender({
        outbox,
        send: async (method, request) => {
            sent.push({ method, ...request });
            return answer(request);
        },
        isConnected: () => connected,
        onStored: (m) => stored.push(m),
        onGivenUp: (entry, error) => givenUp.push([entry.clientMessageId, error]),
        schedule: (action, ms) => scheduled.push({ action, ms }),
    });
    return { sender, sent, scheduled, stored, givenUp };
}

test('what is written is kept in storage until the server has it', () => {
    const store = memoryStore();
    const outbox = new Outbox(store, 'me');

    outbox.add('c1', 'hello', 'id-1', now);

    assert.deepEqual(JSON.parse(store.getItem('chatbot.outbox.me')).map((e) => [e.clientMessageId, e.body, e.state]), [['id-1', 'hello', 'sending']]);
    outbox.acknowledge('id-1');
    assert.deepEqual(JSON.parse(store.getItem('chatbot.outbox.me')), []);
});

test('after a reload, what waited is resent with the same ids, and leaves once acknowledged', async () => {
    const store = memoryStore();
    const before = new Outbox(store, 'me');
    before.add('c1', 'one', 'id-1', now);
    before.add('c1', 'two', 'id-2', now);

    const afterReload = new Outbox(store, 'me');
    const { sender, sent, stored } = sending(afterReload, (request) => ({ ...message(1), clientMessageId: request.clientMessageId }));
    sender.resendWaiting();
    await new Promise((resolve) => setImmediate(resolve));

    assert.deepEqual(sent.map((r) => [r.clientMessageId, r.body]), [['id-1', 'one'], ['id-2', 'two']]);
    assert.deepEqual(stored.map((m) => m.clientMessageId), ['id-1', 'id-2']);
    assert.deepEqual(new Outbox(store, 'me').entries, []);
});

test('edits, deletions and reactions wait in the outbox as messages do, each sent by its own hub method, with the same id every time', async () => {
    const store = memoryStore();
    const before = new Outbox(store, 'me');
    before.add('c1', 'a reply', 'id-1', now, { replyToSeq: 3, mentions: ['ann'] });
    before.add('c1', 'fixed text', 'id-2', now, { kind: 'edit', seq: 4 });
    before.add('c1', '', 'id-3', now, { kind: 'delete', seq: 5 });
    before.add('c1', '👍', 'id-4', now, { kind: 'reaction', seq: 6 });

    const afterReload = new Outbox(store, 'me');
    let calls = 0;
    const { sender, sent } = sending(afterReload, (request) => {
        if (calls++ < 4) {
            throw dropped();
        }
        return { ...message(10 + calls), clientMessageId: request.clientMessageId };
    });
    sender.resendWaiting();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(afterReload.waiting.length, 4);
    sender.resendWaiting();
    await new Promise((resolve) => setImmediate(resolve));

    const expected = [
        { method: 'SendMessage', conversationId: 'c1', clientMessageId: 'id-1', body: 'a reply', replyToSeq: 3, mentions: ['ann'] },
        { method: 'EditMessage', conversationId: 'c1', clientMessageId: 'id-2', seq: 4, body: 'fixed text' },
        { method: 'DeleteMessage', conversationId: 'c1', clientMessageId: 'id-3', seq: 5 },
        { method: 'ToggleReaction', conversationId: 'c1', clientMessageId: 'id-4', seq: 6, emoji: '👍' },
    ];
    assert.deepEqual(sent, [...expected, ...expected]);
    assert.deepEqual(afterReload.entries, []);
});

test('a plain message goes without a reply or mentions', async () => {
    const outbox = new Outbox(memoryStore(), 'me');
    outbox.add('c1', 'hello', 'id-1', now);
    const { sender, sent } = sending(outbox, () => message(1));

    await sender.deliver('id-1');

    assert.deepEqual(sent, [{ method: 'SendMessage', conversationId: 'c1', clientMessageId: 'id-1', body: 'hello', replyToSeq: null, mentions: [] }]);
});

test('a change refused for good is given up and its refusal said; over the quota it goes again', async () => {
    const outbox = new Outbox(memoryStore(), 'me');
    outbox.add('c1', 'too late', 'id-1', now, { kind: 'edit', seq: 4 });
    outbox.add('c1', '👍', 'id-2', now, { kind: 'reaction', seq: 4 });
    const { sender, givenUp, scheduled } = sending(outbox, (request) => {
        throw request.emoji
            ? refused({ code: 'rate_limited', message: 'Wait.', retryAfterSeconds: 1 })
            : refused({ code: 'message_deleted', message: 'That message was deleted.' });
    });

    await sender.deliver('id-1');
    await sender.deliver('id-2');

    assert.deepEqual(givenUp, [['id-1', 'That message was deleted.']]);
    assert.deepEqual(outbox.entries.map((e) => [e.clientMessageId, e.state]), [['id-2', 'sending']]);
    assert.deepEqual(scheduled.map((s) => s.ms), [1000]);
});

test("one person's outbox is not another's", () => {
    const store = memoryStore();
    new Outbox(store, 'alice').add('c1', 'hers', 'id-1', now);

    assert.deepEqual(new Outbox(store, 'bob').entries, []);
});

test('a send over the quota goes again by itself once the quota allows', async () => {
    const outbox = new Outbox(memoryStore(), 'me');
    outbox.add('c1', 'fast', 'id-1', now);
    let answers = 0;
    const { sender, sent, scheduled } = sending(outbox, () => {
        if (answers++ === 0) {
            throw refused({ code: 'rate_limited', message: 'You are sending too fast; wait 3 s and try again.', retryAfterSeconds: 3 });
        }
        return message(1);
    });

    await sender.deliver('id-1');
    assert.deepEqual(scheduled.map((s) => s.ms), [3000]);
    assert.equal(outbox.find('id-1')?.state, 'sending');
    await scheduled[0].action();

    assert.deepEqual(sent.map((r) => r.clientMessageId), ['id-1', 'id-1']);
    assert.equal(outbox.find('id-1'), null);
});

test('a refused send is shown as not sent, with the refusal in words, until it is retried', async () => {
    const store = memoryStore();
    const outbox = new Outbox(store, 'me');
    outbox.add('c1', 'to nowhere', 'id-1', now);
    const { sender, scheduled } = sending(outbox, () => {
        throw refused({ code: 'not_found', message: 'Conversation not found.' });
    });

    await sender.deliver('id-1');

    assert.deepEqual([outbox.find('id-1')?.state, outbox.find('id-1')?.error], ['failed', 'Conversation not found.']);
    assert.equal(new Outbox(store, 'me').find('id-1')?.state, 'failed');
    assert.deepEqual(scheduled, []);
    outbox.retry('id-1');
    assert.deepEqual([outbox.find('id-1')?.state, outbox.find('id-1')?.error], ['sending', '']);
});

test('a send cut off by a dropped connection keeps waiting, to go again on reconnect', async () => {
    const outbox = new Outbox(memoryStore(), 'me');
    outbox.add('c1', 'cut off', 'id-1', now);
    const { sender } = sending(outbox, () => {
        throw dropped();
    });

    await sender.deliver('id-1');

    assert.equal(outbox.find('id-1')?.state, 'sending');
    assert.deepEqual(outbox.waiting.map((e) => e.clientMessageId), ['id-1']);
});

test('nothing is sent while disconnected, nor what has failed', async () => {
    const outbox = new Outbox(memoryStore(), 'me');
    outbox.add('c1', 'later', 'id-1', now);
    outbox.add('c1', 'failed', 'id-2', now);
    outbox.fail('id-2', 'Conversation not found.');

    const offline = sending(outbox, () => message(1), { connected: false });
    await offline.sender.deliver('id-1');
    const online = sending(outbox, () => message(1));
    online.sender.resendWaiting();
    await online.sender.deliver('id-2');

    assert.deepEqual(offline.sent, []);
    assert.deepEqual(online.sent.map((r) => r.clientMessageId), ['id-1']);
});

test('a refusal decides by its code, never its words', () => {
    assert.deepEqual(afterFailedSend(null), { action: 'wait' });
    assert.deepEqual(afterFailedSend({ code: 'rate_limited', message: 'anything at all', retryAfterSeconds: 2 }), { action: 'retry', afterMs: 2000 });
    assert.deepEqual(afterFailedSend({ code: 'rate_limited', message: 'no figure' }), { action: 'retry', afterMs: 1000 });
    assert.deepEqual(afterFailedSend({ code: 'unavailable', message: 'Not stored just now.', retryAfterSeconds: 3 }), { action: 'retry', afterMs: 3000 });
    assert.deepEqual(afterFailedSend({ code: 'invalid_message', message: 'Too long.', maxLength: 4000 }), { action: 'fail', error: 'Too long.' });
    assert.deepEqual(afterFailedSend({ code: 'server_error', message: 'Something went wrong.' }), { action: 'fail', error: 'Something went wrong.' });
});

test('storage that is unreadable or holds something else gives an empty outbox', () => {
    const store = memoryStore();
    store.setItem('chatbot.outbox.me', '{not json');
    assert.deepEqual(new Outbox(store, 'me').entries, []);

    store.setItem('chatbot.outbox.me', JSON.stringify([
        { clientMessageId: 'id-1' }, 5, null, { clientMessageId: 'id-2', conversationId: 'c1', body: 'ok', state: 'sending' },
        { clientMessageId: 'id-3', conversationId: 'c1', body: 'x', state: 'sending', kind: 'edit' },
        { clientMessageId: 'id-4', conversationId: 'c1', body: 'x', state: 'sending', kind: 'shout', seq: 1 },
    ]));
    assert.deepEqual(new Outbox(store, 'me').entries.map((e) => [e.clientMessageId, e.kind]), [['id-2', 'text']]);
});

test('a full storage does not stop the outbox', () => {
    const outbox = new Outbox({ getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } }, 'me');

    outbox.add('c1', 'kept in memory', 'id-1', now);

    assert.equal(outbox.entries.length, 1);
});

test('message ids are version 7 UUIDs: the time first, so that later ids sort after earlier ones', () => {
    const sentAt = Date.UTC(2026, 10, 30, 8, 30); // 0x01a22b933f40 ms
    const id = newMessageId((bytes) => bytes.fill(0xff), sentAt);

    assert.equal(id, '01a22b93-3f40-7fff-bfff-ffffffffffff');
    assert.match(newMessageId(), /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(newMessageId(), newMessageId());
    assert.ok(newMessageId(undefined, sentAt) < newMessageId(undefined, sentAt + 1));
});

test("a draft is checked against the server's limit before it goes", () => {
    assert.equal(draftProblem('', 10), 'A message cannot be empty.');
    assert.equal(draftProblem('x'.repeat(11), 10), 'A message has at most 10 characters; this one has 11.');
    assert.equal(draftProblem('x'.repeat(10), 10), '');
});

test('a message with files keeps their ids through a reload, and sends them with the same id every time', async () => {
    const store = memoryStore();
    const files = [{ id: 'f1', name: 'a.png', contentType: 'image/png', length: 10, width: 1, height: 1, picture: true }];
    new Outbox(store, 'me').add('c1', '', 'id-1', now, { mentions: [], fileIds: ['f1'], files });

    const afterReload = new Outbox(store, 'me');
    assert.deepEqual([afterReload.find('id-1')?.fileIds, afterReload.find('id-1')?.files], [['f1'], files]);
    let calls = 0;
    const { sender, sent } = sending(afterReload, (request) => {
        if (calls++ === 0) {
            throw dropped();
        }
        return { ...message(1), clientMessageId: request.clientMessageId, body: '', files };
    });
    await sender.deliver('id-1');
    await sender.deliver('id-1');

    const expected = { method: 'SendMessage', conversationId: 'c1', clientMessageId: 'id-1', body: '', replyToSeq: null, mentions: [], fileIds: ['f1'] };
    assert.deepEqual(sent, [expected, expected]);
    assert.deepEqual(afterReload.entries, []);
});

test('a file refused on send is shown like any refused message, with the refusal in words', async () => {
    const outbox = new Outbox(memoryStore(), 'me');
    outbox.add('c1', 'look', 'id-1', now, { fileIds: ['not-mine'] });
    const { sender } = sending(outbox, () => {
        throw refused({ code: 'invalid_file', message: 'A file of this message is not one you uploaded, or it was sent already; upload it again.' });
    });

    await sender.deliver('id-1');

    assert.deepEqual([outbox.find('id-1')?.state, outbox.find('id-1')?.error],
        ['failed', 'A file of this message is not one you uploaded, or it was sent already; upload it again.']);
});

test('a stored entry whose file ids are not a list of ids is dropped', () => {
    const store = memoryStore();
    store.setItem('chatbot.outbox.me', JSON.stringify([
        { clientMessageId: 'ok', conversationId: 'c1', kind: 'text', body: '', fileIds: ['f1'], createdAt: '', state: 'sending', error: '' },
        { clientMessageId: 'bad', conversationId: 'c1', kind: 'text', body: '', fileIds: 'f1', createdAt: '', state: 'sending', error: '' },
    ]));

    assert.deepEqual(new Outbox(store, 'me').entries.map((e) => e.clientMessageId), ['ok']);
});

test('a message with files may have no text', () => {
    assert.equal(draftProblem('', 10, 1), '');
    assert.equal(draftProblem('', 10, 0), 'A message cannot be empty.');
    assert.equal(draftProblem('x'.repeat(11), 10, 2), 'A message has at most 10 characters; this one has 11.');
});
