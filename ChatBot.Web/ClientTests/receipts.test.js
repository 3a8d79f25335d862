import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConversationList } from '../wwwroot/js/conversations.js';
import { applyDeliveredReceipt, applyMessage, applyReadReceipt, DeliveryReceipts, lastRowInView, markRead, tickState, unreadTotal } from '../wwwroot/js/receipts.js';
import { change, conversation, ME, message, PEER } from './messages.js';

test('unread counts the messages from others after the last read', () => {
    const c = conversation({ lastSeq: 3, lastReadSeq: 3 });

    applyMessage(c, message(4), ME);
    applyMessage(c, message(5), ME);

    assert.deepEqual([c.lastSeq, c.lastReadSeq, c.unreadCount, c.lastMessage?.seq], [5, 3, 2, 5]);
});

test("one's own message is read: writing means having read up to it", () => {
    const c = conversation({ lastSeq: 4, lastReadSeq: 2, unreadCount: 2 });

    applyMessage(c, message(5, { senderId: ME }), ME);

    assert.deepEqual([c.lastReadSeq, c.unreadCount], [5, 0]);
});

test('a late, older message is counted, once, but is not the last message', () => {
    const c = conversation();
    applyMessage(c, message(5), ME);

    applyMessage(c, message(3), ME);
    applyMessage(c, message(3), ME);

    assert.deepEqual([c.lastSeq, c.lastMessage?.seq, c.unreadCount], [5, 5, 2]);
});

test("change rows are never unread: an edit, a deletion or a reaction moves the last seq, not the count", () => {
    const c = conversation({ lastSeq: 3, lastReadSeq: 3, lastMessage: message(3) });

    applyMessage(c, message(4), ME);
    applyMessage(c, change(5, 'reactionAdded', 4, { body: '👍' }), ME);
    applyMessage(c, change(6, 'messageEdited', 4, { body: 'fixed' }), ME);

    assert.deepEqual([c.lastSeq, c.unreadCount, c.lastMessage?.seq, c.lastMessage?.body], [6, 1, 4, 'fixed']);
    assert.equal(markRead(c, 6), true);
    assert.equal(c.unreadCount, 0);
});

test("a change row on the last message changes the sidebar's preview; one's own change means having read up to it", () => {
    const c = conversation({ lastSeq: 2, lastReadSeq: 1, unreadCount: 1, lastMessage: message(2) });

    applyMessage(c, change(3, 'messageDeleted', 2, { senderId: PEER }), ME);
    assert.deepEqual([c.lastMessage?.deleted, c.unreadCount], [true, 1]);

    applyMessage(c, change(4, 'reactionAdded', 1, { senderId: ME, body: '👍' }), ME);
    assert.deepEqual([c.lastReadSeq, c.unreadCount], [4, 0]);
});

test("the summary's counts hold until the read marker moves; then no more of its rows than lie after the marker", () => {
    // Rows 1–10, of which 3 are unread messages, 1 mentioning me (the others after 6 were change rows).
    const c = conversation({ lastSeq: 10, lastReadSeq: 6, unreadCount: 3, unreadMentions: 1 });

    applyMessage(c, { ...message(11), mentions: [ME] }, ME);
    assert.deepEqual([c.unreadCount, c.unreadMentions], [4, 2]);

    markRead(c, 9);
    assert.deepEqual([c.unreadCount, c.unreadMentions], [2, 2]);
    markRead(c, 10);
    assert.deepEqual([c.unreadCount, c.unreadMentions], [1, 1]);
});

test('unread mentions: messages from others that mention me, until read; a deleted one no longer mentions', () => {
    const c = conversation({ lastSeq: 1, lastReadSeq: 1 });

    applyMessage(c, { ...message(2), mentions: [ME] }, ME);
    applyMessage(c, { ...message(3), mentions: ['someone else'] }, ME);
    applyMessage(c, { ...message(4), mentions: [ME] }, ME);
    assert.deepEqual([c.unreadCount, c.unreadMentions], [3, 2]);

    applyMessage(c, change(5, 'messageDeleted', 4), ME);
    assert.deepEqual([c.unreadCount, c.unreadMentions], [3, 1]);
    markRead(c, 5);
    assert.deepEqual([c.unreadCount, c.unreadMentions], [0, 0]);
});

test('read markers only move forward', () => {
    const c = conversation({ lastSeq: 10, lastReadSeq: 6, unreadCount: 4 });

    assert.equal(markRead(c, 8), true);
    assert.equal(markRead(c, 7), false);
    assert.equal(markRead(c, 8), false);
    assert.deepEqual([c.lastReadSeq, c.unreadCount], [8, 2]);
});

test("a read receipt of one's own (another device) clears unread; the other member's moves the ticks", () => {
    const c = conversation({ lastSeq: 10, lastReadSeq: 2, unreadCount: 8, peerLastDeliveredSeq: 3 });

    applyReadReceipt(c, { conversationId: 'c1', userId: ME, upToSeq: 10 }, ME);
    applyReadReceipt(c, { conversationId: 'c1', userId: PEER, upToSeq: 7 }, ME);
    applyReadReceipt(c, { conversationId: 'c1', userId: PEER, upToSeq: 5 }, ME);
    applyReadReceipt(c, { conversationId: 'c1', userId: ME, upToSeq: 4 }, ME);

    assert.deepEqual([c.lastReadSeq, c.unreadCount, c.peerLastReadSeq, c.peerLastDeliveredSeq], [10, 0, 7, 7]);
});

test("delivered receipts only move forward, and one's own devices do not count", () => {
    const c = conversation({ peerLastDeliveredSeq: 4 });

    applyDeliveredReceipt(c, { conversationId: 'c1', userId: PEER, upToSeq: 3 }, ME);
    assert.equal(c.peerLastDeliveredSeq, 4);
    applyDeliveredReceipt(c, { conversationId: 'c1', userId: ME, upToSeq: 9 }, ME);
    assert.equal(c.peerLastDeliveredSeq, 4);
    applyDeliveredReceipt(c, { conversationId: 'c1', userId: PEER, upToSeq: 6 }, ME);
    assert.equal(c.peerLastDeliveredSeq, 6);
});

test('ticks: sent, then delivered, then read; a message of the other member has none', () => {
    const c = conversation({ peerLastDeliveredSeq: 5, peerLastReadSeq: 3 });

    assert.deepEqual([3, 4, 6].map((seq) => tickState(message(seq, { senderId: ME }), c, ME)), ['read', 'delivered', 'sent']);
    assert.equal(tickState(message(1), c, ME), 'received');
});

test('delivery receipts are gathered: the highest seq per conversation, sent once', () => {
    const receipts = new DeliveryReceipts();

    assert.equal(receipts.note('c1', 3), true);
    assert.equal(receipts.note('c1', 5), false);
    receipts.note('c1', 4);
    receipts.note('c2', 1);

    assert.deepEqual(receipts.take(), [['c1', 5], ['c2', 1]]);
    assert.deepEqual(receipts.take(), []);
    assert.equal(receipts.note('c1', 6), true);
});

test('the unread total adds up every conversation', () => {
    assert.equal(unreadTotal([conversation({ unreadCount: 2 }), conversation({ unreadCount: 0 }), conversation({ unreadCount: 5 })]), 7);
});

test('a conversation with a new message moves to the top of the list, with its count', () => {
    const list = new ConversationList(ME);
    list.replace([conversation({ id: 'c1' }), conversation({ id: 'c2' })], null);

    list.applyMessage(message(1, { conversationId: 'c2' }));

    assert.deepEqual(list.items.map((c) => c.id), ['c2', 'c1']);
    assert.equal(list.unreadTotal, 1);
    assert.equal(list.applyMessage(message(1, { conversationId: 'unknown' })), null);
});

test('a reaction or an edit does not move its conversation up the list', () => {
    const list = new ConversationList(ME);
    list.replace([conversation({ id: 'c1' }), conversation({ id: 'c2', lastSeq: 1, lastMessage: message(1, { conversationId: 'c2' }) })], null);

    list.applyMessage(change(2, 'reactionAdded', 1, { conversationId: 'c2', body: '👍' }));

    assert.deepEqual(list.items.map((c) => c.id), ['c1', 'c2']);
    assert.deepEqual(list.find('c2')?.lastMessage?.reactions, [{ emoji: '👍', userIds: [PEER] }]);
});

test('an open conversation without messages stays listed when the list is refreshed', () => {
    const list = new ConversationList(ME);
    list.upsert(conversation({ id: 'open' }));

    list.replace([conversation({ id: 'c1' })], 'open');

    assert.deepEqual(list.items.map((c) => c.id), ['open', 'c1']);
});

test('a list asked for before a message came live and answered after it keeps the message', () => {
    const list = new ConversationList(ME);
    list.replace([conversation({ id: 'c1', lastSeq: 1, lastMessage: message(1) })], null);
    const askedBefore = [conversation({ id: 'c1', lastSeq: 1, lastMessage: message(1) }), conversation({ id: 'c2' })];

    list.applyMessage(message(2));
    list.replace(askedBefore, null);

    assert.deepEqual([list.find('c1')?.lastMessage?.seq, list.find('c1')?.unreadCount], [2, 1]);
    assert.deepEqual(list.items.map((c) => c.id), ['c1', 'c2']);
});

test('a conversation someone wrote first in while the list was on its way stays listed', () => {
    const list = new ConversationList(ME);
    list.replace([conversation({ id: 'c1', lastSeq: 1, lastMessage: message(1) })], null);
    const askedAt = list.changes;
    const askedBefore = [conversation({ id: 'c1', lastSeq: 1, lastMessage: message(1) })];

    list.upsert(conversation({ id: 'new' }));
    list.applyMessage(message(1, { conversationId: 'new' }));
    list.replace(askedBefore, null, askedAt);

    assert.deepEqual(list.items.map((c) => c.id), ['new', 'c1']);
    assert.equal(list.find('new')?.lastMessage?.seq, 1);
});

test('a conversation the list leaves out is dropped when nothing came of it since the list was asked for', () => {
    const list = new ConversationList(ME);
    list.upsert(conversation({ id: 'old' }));
    const askedAt = list.changes;

    list.replace([conversation({ id: 'c1' })], null, askedAt);

    assert.deepEqual(list.items.map((c) => c.id), ['c1']);
});

test('a conversation new to the page is fetched once, however many messages arrive together', async () => {
    const list = new ConversationList(ME);
    let fetches = 0;
    const fetch = async (id) => {
        fetches++;
        return conversation({ id });
    };

    const [a, b] = await Promise.all([list.getOrFetch('new', fetch), list.getOrFetch('new', fetch)]);

    assert.equal(fetches, 1);
    assert.equal(a, b);
    assert.deepEqual(list.items.map((c) => c.id), ['new']);
});

test('what is read is the last row whose end is in view: a row cut off at the bottom is not yet', () => {
    // Rows 40 px tall from the top of the history; the view shows 100 to 300.
    const boxOf = (/** @type {number} */ i) => ({ top: i * 40, bottom: i * 40 + 40 });

    assert.equal(lastRowInView(20, boxOf, { top: 100, bottom: 300 }), 6);
    assert.equal(lastRowInView(20, boxOf, { top: 100, bottom: 299.5 }), 6);
    assert.equal(lastRowInView(20, boxOf, { top: 100, bottom: 318 }), 6);
    assert.equal(lastRowInView(20, boxOf, { top: 100, bottom: 319.5 }), 7);
    assert.equal(lastRowInView(20, boxOf, { top: 700, bottom: 900 }), 19);
    assert.equal(lastRowInView(0, boxOf, { top: 0, bottom: 300 }), -1);
});

test('a row taller than the view is read once its end comes up; before, nothing in view is', () => {
    const boxes = [{ top: 0, bottom: 40 }, { top: 40, bottom: 1000 }, { top: 1000, bottom: 1040 }];

    assert.equal(lastRowInView(3, (i) => boxes[i], { top: 300, bottom: 500 }), -1);
    assert.equal(lastRowInView(3, (i) => boxes[i], { top: 900, bottom: 1100 }), 2);
    assert.equal(lastRowInView(3, (i) => boxes[i], { top: 850, bottom: 1020 }), 1);
});
