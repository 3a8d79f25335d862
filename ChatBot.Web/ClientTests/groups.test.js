import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyGroupEvent, applyMemberReceipt, eventText, groupTicks, newGroupProblem, noteNamesCarried, readBy, removesMe, sortedMembers, togglePicked, typingText } from '../wwwroot/js/groups.js';
import { Presence } from '../wwwroot/js/presence.js';
import { announcement, peerStatus, previewText, sidebarItems, timelineView } from '../wwwroot/js/views.js';
import { conversation, formats, ME, message } from './messages.js';

const names = { me: 'Me', ann: 'Ann', ben: 'Ben', cat: 'Cat' };
const nameOf = (id) => names[id] ?? 'Someone';
const event = (seq, kind, senderId, subjectId = null, body = '') => ({ ...message(seq, { senderId, body }), kind, subjectId });
const member = (id, { role = 'member', joinedSeq = 1, lastReadSeq = 0, lastDeliveredSeq = 0 } = {}) =>
    ({ user: { id, userName: id, displayName: names[id], isOnline: false, lastSeenAt: null }, role, joinedSeq, lastReadSeq, lastDeliveredSeq });
const limits = { maxGroupNameLength: 64, minGroupMembers: 3, maxGroupMembers: 100 };
const group = (fields = {}) => conversation({ kind: 'group', peer: null, name: 'Trip', memberCount: 3, ...fields });

test("a group's events read as sentences, with you for oneself", () => {
    assert.deepEqual([
        event(1, 'groupCreated', 'ann', null, 'Trip'),
        event(2, 'memberAdded', ME, 'cat'),
        event(3, 'memberRemoved', 'ann', ME),
        event(4, 'memberLeft', 'ben'),
        event(5, 'adminMade', 'ann', 'ben'),
        event(6, 'adminMade', 'ann', ME),
        event(7, 'groupRenamed', 'gone', null, 'Holiday'),
    ].map((e) => eventText(e, nameOf, ME)), [
        'Ann created the group “Trip”',
        'You added Cat',
        'Ann removed you',
        'Ben left',
        'Ben is now an admin',
        'You are now an admin',
        'Someone renamed the group to “Holiday”',
    ]);
});

test('an event names people the page never saw as members, from the names it carries; without them it says Someone', () => {
    const known = { [ME]: 'Me', ann: 'Ann' };
    const nameOfKnown = (id) => known[id] ?? 'Someone';
    const removedBeforeIJoined = { ...event(3, 'memberRemoved', 'ann', 'dan'), senderName: 'Ann', subjectName: 'Dan' };
    const leftLongAgo = { ...event(4, 'memberLeft', 'eve'), senderName: 'Eve', subjectName: null };
    const fromAnOlderServer = event(5, 'memberAdded', 'ann', 'fay');
    const text = { ...message(6, { senderId: 'gus', body: 'hi' }), kind: 'text' };

    assert.deepEqual([removedBeforeIJoined, leftLongAgo, fromAnOlderServer].map((e) => eventText(e, nameOfKnown, ME)),
        ['Ann removed Someone', 'Someone left', 'Ann added Someone']);
    noteNamesCarried(known, [removedBeforeIJoined, leftLongAgo, fromAnOlderServer, text]);

    assert.deepEqual([removedBeforeIJoined, leftLongAgo, fromAnOlderServer].map((e) => eventText(e, nameOfKnown, ME)),
        ['Ann removed Dan', 'Eve left', 'Ann added Someone']);
    assert.deepEqual(known, { [ME]: 'Me', ann: 'Ann', dan: 'Dan', eve: 'Eve' });
});

test("a text message names its sender, and a reply the sender of what it replies to, for a group's lines", () => {
    const known = { [ME]: 'Me' };
    const nameOfKnown = (id) => known[id] ?? 'Someone';
    const trip = group({ lastMessage: { ...message(7, { senderId: 'ben', body: 'lunch at noon?' }), senderName: 'Ben' } });
    assert.equal(previewText(trip, ME, nameOfKnown), 'Someone: lunch at noon?');

    const reply = {
        ...message(8, { senderId: 'cat', body: 'yes' }),
        senderName: 'Cat',
        replyToSeq: 7,
        replyTo: { seq: 7, senderId: 'ben', senderName: 'Ben', excerpt: 'lunch at noon?', deleted: false },
    };
    noteNamesCarried(known, [trip.lastMessage, reply]);

    assert.equal(previewText(trip, ME, nameOfKnown), 'Ben: lunch at noon?');
    assert.deepEqual(known, { [ME]: 'Me', ben: 'Ben', cat: 'Cat' });
});

test('being removed or leaving ends one\'s membership; others\' do not', () => {
    assert.deepEqual([
        removesMe(event(2, 'memberRemoved', 'ann', ME), ME),
        removesMe(event(2, 'memberLeft', ME), ME),
        removesMe(event(2, 'memberRemoved', ME, 'ben'), ME),
        removesMe(event(2, 'memberLeft', 'ben'), ME),
    ], [true, true, false, false]);
});

test("a group's events change its name, its member count, one's role, and end one's membership", () => {
    const trip = group({ lastSeq: 1, memberCount: 3, role: 'member' });
    [
        event(2, 'groupRenamed', 'ann', null, 'Holiday'),
        event(3, 'memberAdded', 'ann', 'cat'),
        event(4, 'memberLeft', 'ben'),
        event(5, 'adminMade', 'ann', ME),
    ].forEach((e) => {
        applyGroupEvent(trip, e, ME);
        trip.lastSeq = e.seq;
    });
    assert.deepEqual([trip.name, trip.memberCount, trip.role, trip.isGone], ['Holiday', 3, 'admin', undefined]);

    applyGroupEvent(trip, event(6, 'memberRemoved', 'ann', ME), ME);
    assert.equal(trip.isGone, true);
    assert.equal(trip.memberCount, 3);
});

test("an event the conversation already counts changes nothing: told twice, or fetched with the summary after it", () => {
    const fetchedAfter = group({ lastSeq: 7, memberCount: 4 });
    applyGroupEvent(fetchedAfter, event(7, 'memberAdded', 'ann', ME), ME);
    applyGroupEvent(fetchedAfter, event(6, 'groupRenamed', 'ann', null, 'Old'), ME);
    assert.deepEqual([fetchedAfter.memberCount, fetchedAfter.name], [4, 'Trip']);
});

test('"read by" counts the others who were in the group at the message, and names who read it', () => {
    const members = [
        member(ME, { role: 'admin', lastReadSeq: 9 }),
        member('ann', { lastReadSeq: 5, lastDeliveredSeq: 5 }),
        member('ben', { lastReadSeq: 4, lastDeliveredSeq: 5 }),
        member('cat', { joinedSeq: 6, lastReadSeq: 9, lastDeliveredSeq: 9 }),
    ];

    assert.deepEqual(readBy(5, members, ME).readers.map((m) => m.user.id), ['ann']);
    assert.equal(readBy(5, members, ME).total, 2);
    assert.equal(groupTicks(5, members, ME), 'Read by 1 of 2');
    assert.equal(groupTicks(7, members, ME), 'Read by 1 of 3');
    assert.equal(groupTicks(10, members, ME), '✓ Sent');
    members[2].lastDeliveredSeq = 10;
    assert.equal(groupTicks(10, members, ME), 'Delivered to 1 of 3');
});

test('receipts move a member forward only; what is read is delivered', () => {
    const members = [member('ann', { lastReadSeq: 4, lastDeliveredSeq: 6 })];
    applyMemberReceipt(members, { conversationId: 'c1', userId: 'ann', upToSeq: 3 }, 'read');
    assert.deepEqual([members[0].lastReadSeq, members[0].lastDeliveredSeq], [4, 6]);
    applyMemberReceipt(members, { conversationId: 'c1', userId: 'ann', upToSeq: 8 }, 'read');
    assert.deepEqual([members[0].lastReadSeq, members[0].lastDeliveredSeq], [8, 8]);
    applyMemberReceipt(members, { conversationId: 'c1', userId: 'ann', upToSeq: 9 }, 'delivered');
    assert.deepEqual([members[0].lastReadSeq, members[0].lastDeliveredSeq], [8, 9]);
    applyMemberReceipt(members, { conversationId: 'c1', userId: 'nobody', upToSeq: 9 }, 'read');
});

test('typing names who types', () => {
    assert.deepEqual([[], ['Ann'], ['Ann', 'Ben'], ['Ann', 'Ben', 'Cat'], ['Ann', 'Ben', 'Cat', 'Dan']].map(typingText), [
        '', 'Ann is typing…', 'Ann and Ben are typing…', 'Ann, Ben and Cat are typing…', 'Ann, Ben and 2 others are typing…',
    ]);
    const status = peerStatus(group(), new Presence(), ['ann', 'ben'], 0, formats, nameOf);
    assert.equal(status, 'Ann and Ben are typing…');
    assert.equal(peerStatus(group(), new Presence(), [], 0, formats, nameOf), '3 members');
    assert.equal(peerStatus(group({ isGone: true }), new Presence(), ['ann'], 0, formats, nameOf), 'You are no longer in this group');
});

test('a new group needs a name and between the fewest and the most others the limits allow, said before anything is sent', () => {
    assert.equal(newGroupProblem('Trip', ['ann'], limits), 'Pick 1 more person: a group has you and at least 2 others.');
    assert.equal(newGroupProblem('Trip', [], limits), 'Pick 2 more people: a group has you and at least 2 others.');
    assert.equal(newGroupProblem('  ', ['ann', 'ben'], limits), 'A group needs a name.');
    assert.equal(newGroupProblem('x'.repeat(65), ['ann', 'ben'], limits), "A group's name has at most 64 characters; this one has 65.");
    assert.equal(newGroupProblem(' Trip ', ['ann', 'ben'], limits), '');
    assert.equal(newGroupProblem('Trip', Array.from({ length: 100 }, (_, i) => `p${i}`), limits), 'A group has at most 100 people.');
    assert.deepEqual(togglePicked(togglePicked(['ann'], 'ben'), 'ann'), ['ben']);
});

test('the sidebar lists groups and direct conversations together, by the order given, with previews that say who', () => {
    const trip = group({ id: 'g1', lastMessage: { ...message(2, { conversationId: 'g1', senderId: 'ann', body: 'hi all' }), kind: 'text' }, unreadCount: 2 });
    const direct = conversation({ id: 'c1', lastMessage: message(1, { senderId: ME, body: 'hi' }) });
    const created = group({ id: 'g2', name: 'New', lastMessage: event(1, 'groupCreated', 'ben', null, 'New') });

    const items = sidebarItems({ conversations: [trip, direct, created], people: [], search: '', activeId: null, presence: new Presence(), myId: ME, nameOf });

    assert.deepEqual(items.map((i) => [i.key, i.displayName, i.isGroup, i.unread, i.preview]), [
        ['c:g1', 'Trip', true, 2, 'Ann: hi all'],
        ['c:c1', 'Bob', false, 0, 'You: hi'],
        ['c:g2', 'New', true, 0, 'Ben created the group “New”'],
    ]);
    assert.deepEqual(sidebarItems({ conversations: [trip, direct], people: [], search: 'tri', activeId: null, presence: new Presence(), myId: ME, nameOf }).map((i) => i.key), ['c:g1']);
    assert.equal(previewText(group({ lastMessage: event(3, 'memberLeft', ME) }), ME, nameOf), 'You left');
});

test("a group's timeline shows events as lines, others' senders, and one's own readers", () => {
    const members = [member(ME), member('ann', { lastReadSeq: 3 }), member('ben')];
    const stored = [event(1, 'groupCreated', 'ann', null, 'Trip'), message(2, { senderId: 'ann', body: 'hello' }), message(3, { senderId: ME, body: 'hi' })];

    const views = timelineView(stored, [], group(), ME, formats, { members, nameOf, readersShown: 'c1-3' });

    assert.deepEqual(views.map((v) => [v.isEvent, v.eventText, v.sender, v.ticks, v.readers, v.readersOpen]), [
        [true, 'Ann created the group “Trip”', '', '', '', false],
        [false, '', 'Ann', '', '', false],
        [false, '', '', 'Read by 1 of 2', 'Ann', true],
    ]);
    assert.equal(announcement(stored[1], group(), true, nameOf, ME), 'Ann: hello');
    assert.equal(announcement(stored[1], group(), false, nameOf, ME), 'New in Trip: Ann: hello');
});

test('members are listed admins first, then by when they joined, then by name', () => {
    const sorted = sortedMembers([member('cat', { joinedSeq: 1 }), member('ben', { joinedSeq: 1 }), member('ann', { joinedSeq: 4, role: 'admin' }), member(ME, { joinedSeq: 2 })]);
    assert.deepEqual(sorted.map((m) => m.user.id), ['ann', 'ben', 'cat', ME]);
});
