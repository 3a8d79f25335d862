import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shouldNotify } from '../wwwroot/js/notifier.js';
import { Presence } from '../wwwroot/js/presence.js';
import { announcement, historyNote, pageTitle, peerStatus, sidebarItems, timelineView } from '../wwwroot/js/views.js';
import { conversation, formats, ME, message } from './messages.js';

const person = (id, userName, displayName) => ({ id, userName, displayName, isOnline: false, lastSeenAt: null });

test('the sidebar lists conversations with messages first, then the other people found, each once', () => {
    const presence = new Presence();
    presence.note('bob', { isOnline: true });
    const withBob = conversation({ id: 'c1', lastMessage: message(1, { senderId: ME, body: 'hi' }), unreadCount: 2, peer: person('bob', 'bob', 'Bob') });
    const silent = conversation({ id: 'c2', peer: person('dan', 'dan', 'Dan') });

    const items = sidebarItems({ conversations: [withBob, silent], people: [person('bob', 'bob', 'Bob'), person('carol', 'carol', 'Carol')], search: '', activeId: null, presence, myId: ME });

    assert.deepEqual(items.map((i) => [i.key, i.preview, i.unread, i.isOnline, i.presenceText]), [
        ['c:c1', 'You: hi', 2, true, 'online'],
        ['u:carol', '@carol', 0, false, 'offline'],
    ]);
});

test('the open conversation is listed even before its first message; the search filters conversations by either name', () => {
    const open = conversation({ id: 'c2', peer: person('dan', 'dan_the_man', 'Dan') });
    const other = conversation({ id: 'c3', lastMessage: message(1, { conversationId: 'c3' }), peer: person('erin', 'erin', 'Erin Theroux') });
    const unmatched = conversation({ id: 'c4', lastMessage: message(1, { conversationId: 'c4' }), peer: person('fay', 'fay', 'Fay') });

    // The people found come from the server's search, already matching.
    const items = sidebarItems({ conversations: [open, other, unmatched], people: [], search: ' THE ', activeId: 'c2', presence: new Presence(), myId: ME });

    assert.deepEqual(items.map((i) => [i.key, i.isActive]), [['c:c2', true], ['c:c3', false]]);
});

test('stored messages come first with their ticks, then what waits in the outbox', () => {
    const c = conversation({ peerLastDeliveredSeq: 2, peerLastReadSeq: 1 });
    const stored = [message(1, { senderId: ME }), message(2, { senderId: ME }), message(3)];
    const outbox = [
        { clientMessageId: 'c1-2', conversationId: 'c1', body: 'acknowledged meanwhile', createdAt: '2026-01-01T10:00:00Z', state: 'sending', error: '' },
        { clientMessageId: 'w', conversationId: 'c1', body: 'waiting https://x.org', createdAt: '2026-01-01T10:00:00Z', state: 'failed', error: 'Conversation not found.' },
    ];

    const views = timelineView(stored, outbox, c, ME, formats);

    assert.deepEqual(views.map((v) => [v.key, v.state, v.ticks, v.failed]), [
        ['c1-1', 'read', '✓✓ Read', false], ['c1-2', 'delivered', '✓✓ Delivered', false], ['c1-3', 'received', '', false], ['w', 'failed', 'Not sent', true],
    ]);
    assert.equal(views[3].retryText, 'Conversation not found. Retry');
    assert.deepEqual(views[3].parts.map((p) => p.href), ['', 'https://x.org/']);
});

test('the tab title counts unread messages', () => {
    assert.equal(pageTitle(0), 'Chat · ChatBot');
    assert.equal(pageTitle(3), '(3) Chat · ChatBot');
});

test('the status line says who is typing, else whether the other member is online', () => {
    const presence = new Presence();
    const c = conversation();

    assert.equal(peerStatus(c, presence, ['peer'], 0, formats), 'Bob is typing…');
    assert.equal(peerStatus(c, presence, [], 0, formats), '@bob · offline');
    presence.note('peer', { isOnline: true });
    assert.equal(peerStatus(c, presence, [], 0, formats), '@bob · online');
});

test('the history note shows once the beginning is there', () => {
    const c = conversation();

    assert.equal(historyNote(c, { isLoaded: false, hasOlder: false, messages: [] }), '');
    assert.equal(historyNote(c, { isLoaded: true, hasOlder: true, messages: [message(2)] }), '');
    assert.equal(historyNote(c, { isLoaded: true, hasOlder: false, messages: [] }), 'No messages yet. Say hello to Bob!');
    assert.equal(historyNote(c, { isLoaded: true, hasOlder: false, messages: [message(1)] }), 'This is the beginning of your conversation with Bob.');
});

test('screen readers hear the message in the open conversation, and who wrote elsewhere', () => {
    assert.equal(announcement(message(1, { body: 'hello' }), conversation(), true), 'Bob: hello');
    assert.equal(announcement(message(1, { body: 'hello' }), conversation(), false), 'New message from Bob');
    assert.equal(announcement(message(1, { body: 'x'.repeat(300) }), conversation(), true).length, 'Bob: '.length + 201);
});

test("a notification only for someone else's message, in a hidden tab, when the person said yes", () => {
    assert.equal(shouldNotify({ mine: false, hidden: true, permission: 'granted' }), true);
    assert.equal(shouldNotify({ mine: true, hidden: true, permission: 'granted' }), false);
    assert.equal(shouldNotify({ mine: false, hidden: false, permission: 'granted' }), false);
    assert.equal(shouldNotify({ mine: false, hidden: true, permission: 'default' }), false);
    assert.equal(shouldNotify({ mine: false, hidden: true, permission: 'unsupported' }), false);
});
