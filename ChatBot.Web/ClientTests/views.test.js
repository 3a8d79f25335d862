import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shouldNotify } from '../wwwroot/js/notifier.js';
import { Presence } from '../wwwroot/js/presence.js';
import markdownit from 'markdown-it';
import { createMarkdown } from '../wwwroot/js/markdown.js';
import { announcement, changeAnnouncement, firstUnreadSeq, unreadAnnouncement, historyNote, pageTitle, peerStatus, previewText, sidebarItems, timelineView } from '../wwwroot/js/views.js';
import { change, conversation, formats, ME, message, PEER } from './messages.js';

const markdown = createMarkdown(markdownit);

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
        { clientMessageId: 'c1-2', conversationId: 'c1', kind: 'text', body: 'acknowledged meanwhile', createdAt: '2026-01-01T10:00:00Z', state: 'sending', error: '' },
        { clientMessageId: 'w', conversationId: 'c1', kind: 'text', body: 'waiting https://x.org', createdAt: '2026-01-01T10:00:00Z', state: 'failed', error: 'Conversation not found.' },
    ];

    const views = timelineView(stored, outbox, c, ME, formats);

    assert.deepEqual(views.map((v) => [v.key, v.state, v.ticks, v.failed]), [
        ['c1-1', 'read', '✓✓ Read', false], ['c1-2', 'delivered', '✓✓ Delivered', false], ['c1-3', 'received', '', false], ['w', 'failed', 'Not sent', true],
    ]);
    assert.equal(views[3].retryText, 'Conversation not found. Retry');
    assert.deepEqual(timelineView(stored, outbox, c, ME, formats, undefined, { markdown })[3].rich, [{ tag: 'p', children: ['waiting ', { tag: 'a', href: 'https://x.org', children: ['https://x.org'] }] }]);
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

const entry = (clientMessageId, kind, seq, body = '') => ({ clientMessageId, conversationId: 'c1', kind, seq, body, createdAt: '2026-01-01T10:00:00Z', state: 'sending', error: '' });

test("a message shows its formatted text, its reactions with who reacted, and mentions the reader's highlighted", () => {
    const people = { [ME]: { id: ME, displayName: 'Me Myself', userName: 'me' }, [PEER]: { id: PEER, displayName: 'Bob', userName: 'bob' } };
    const stored = [{ ...message(1, { body: '**hi** @Me Myself' }), mentions: [ME], reactions: [{ emoji: '👍', userIds: [PEER, ME] }, { emoji: '🎉', userIds: [PEER] }] }];

    const [view] = timelineView(stored, [], conversation(), ME, formats, undefined, { markdown, people });

    assert.deepEqual(view.rich, [{ tag: 'p', children: [{ tag: 'strong', children: ['hi'] }, ' ', { tag: 'mention', children: ['@Me Myself'] }] }]);
    assert.equal(view.mentionsMe, true);
    assert.deepEqual(view.reactions.map((r) => [r.emoji, r.count, r.mine, r.pressed, r.who, r.label]), [
        ['👍', 2, true, 'true', 'You, Bob', '👍 2: You, Bob'],
        ['🎉', 1, false, 'false', 'Bob', '🎉 1: Bob'],
    ]);
    assert.equal(view.hasReactions, true);
});

test('an edited message says when; a deleted one shows neither text nor reactions, and offers no action on it', () => {
    const stored = [
        { ...message(1, { senderId: ME, body: 'fixed' }), editedAt: '2026-01-01T10:05:00Z' },
        { ...message(2), deleted: true, body: '' },
    ];

    const [edited, deleted] = timelineView(stored, [], conversation(), ME, { ...formats, time: (d) => d.toISOString().slice(11, 16) });

    assert.deepEqual([edited.edited, edited.editedTitle, edited.canEdit, edited.canDelete, edited.canReply], [true, 'Edited at 10:05', true, true, true]);
    assert.deepEqual([deleted.deleted, deleted.rich, deleted.edited, deleted.hasMenu, deleted.canReply, deleted.canEdit, deleted.canDelete], [true, ['Message deleted'], false, false, false, false, false]);
    assert.equal(edited.hasMenu, true);
});

test("only one's own messages may be edited; a group's admin may delete anyone's", () => {
    const stored = [message(1, { senderId: ME }), message(2)];
    const group = { members: [], nameOf: () => 'Ann', readersShown: '' };

    const asMember = timelineView(stored, [], conversation({ kind: 'group', peer: null }), ME, formats, group);
    const asAdmin = timelineView(stored, [], conversation({ kind: 'group', peer: null }), ME, formats, group, { mayDeleteAny: true });

    assert.deepEqual(asMember.map((v) => [v.canEdit, v.canDelete]), [[true, true], [false, false]]);
    assert.deepEqual(asAdmin.map((v) => [v.canEdit, v.canDelete]), [[true, true], [false, true]]);
});

test('a reply quotes its original as it is now when it is loaded, else as the server saw it; a deleted original says so', () => {
    const stored = [
        { ...message(41, { body: 'the **original**, edited' }) },
        { ...message(42, { senderId: ME, body: 'answer' }), replyToSeq: 41, replyTo: { seq: 41, senderId: PEER, senderName: 'Bob', excerpt: 'the original', deleted: false } },
        // Its original is older than what is loaded.
        { ...message(43, { senderId: ME, body: 'to an old one' }), replyToSeq: 7, replyTo: { seq: 7, senderId: 'ann', senderName: 'Ann', excerpt: 'long ago', deleted: false } },
        { ...message(44, { body: 'no reply' }), replyToSeq: null, replyTo: null },
        // Its original is from before this person joined.
        { ...message(45, { body: 'to the past' }), replyToSeq: 3, replyTo: null },
    ];

    const views = timelineView(stored, [], conversation(), ME, formats, undefined, { markdown, excerptLength: 8 });

    assert.deepEqual([views[1].hasReply, views[1].replySeq, views[1].replySender, views[1].replyExcerpt], [true, 41, 'Bob', 'the orig…']);
    assert.deepEqual([views[2].replySeq, views[2].replySender, views[2].replyExcerpt], [7, 'Ann', 'long ago']);
    assert.equal(views[3].hasReply, false);
    assert.deepEqual([views[4].hasReply, views[4].replySender, views[4].replyExcerpt], [true, '', 'A message from before you joined']);

    stored[0] = { ...stored[0], deleted: true, body: '' };
    const afterDeletion = timelineView(stored, [], conversation(), ME, formats, undefined, { markdown });
    assert.deepEqual([afterDeletion[1].replyDeleted, afterDeletion[1].replyExcerpt], [true, 'Original message deleted']);
});

test("one's changes on their way show at once: the new text, the deletion, the reaction toggled", () => {
    const stored = [message(1, { senderId: ME, body: 'old' }), message(2, { senderId: ME }), { ...message(3), reactions: [{ emoji: '👍', userIds: [ME] }] }];
    const outbox = [entry('e1', 'edit', 1, 'new'), entry('e2', 'delete', 2), entry('e3', 'reaction', 3, '👍'), entry('e4', 'reaction', 3, '🎉')];

    const views = timelineView(stored, outbox, conversation(), ME, formats);

    assert.deepEqual([views[0].text, views[0].edited, views[0].saving], ['new', true, 'Saving…']);
    assert.deepEqual([views[1].deleted, views[1].saving], [true, 'Deleting…']);
    assert.deepEqual(views[2].reactions.map((r) => [r.emoji, r.count, r.mine]), [['🎉', 1, true]]);
    assert.equal(views.length, 3, 'changes are not bubbles of their own');
});

test('the keyboard enters the messages at the one it was on, else the newest; events are not stops', () => {
    const stored = [message(1), { ...message(2), kind: 'memberAdded' }, message(3)];
    const group = { members: [], nameOf: () => 'Ann', readersShown: '' };
    const c = conversation({ kind: 'group', peer: null });
    const ui = { menuKey: '', confirmingDelete: false, picking: false, focusKey: '', highlightedSeq: 0 };

    assert.deepEqual(timelineView(stored, [], c, ME, formats, group, { ui }).map((v) => v.tabIndex), [-1, null, 0]);
    assert.deepEqual(timelineView(stored, [], c, ME, formats, group, { ui: { ...ui, focusKey: 'c1-1' } }).map((v) => v.tabIndex), [0, null, -1]);
});

test("the menu's state is the open message's alone", () => {
    const ui = { menuKey: 'c1-2', confirmingDelete: true, picking: false, focusKey: '', highlightedSeq: 1 };

    const views = timelineView([message(1), message(2)], [], conversation(), ME, formats, undefined, { ui });

    assert.deepEqual(views.map((v) => [v.menuOpen, v.menuExpanded, v.choosing, v.confirmingDelete, v.highlighted]), [
        [false, 'false', false, false, true], [true, 'true', false, true, false],
    ]);
});

test("the sidebar's preview is plain text, says a deleted message was, and the conversation is marked while a mention is unread", () => {
    const plain = markdown.plain;
    assert.equal(previewText(conversation({ lastMessage: message(1, { body: '**Lunch** at `12`?\n- yes' }) }), ME, undefined, plain), 'Lunch at 12? yes');
    assert.equal(previewText(conversation({ lastMessage: { ...message(1, { senderId: ME }), deleted: true, body: '' } }), ME, undefined, plain), 'You: Message deleted');

    const mentioned = conversation({ lastMessage: message(1), unreadCount: 1, unreadMentions: 1 });
    const items = sidebarItems({ conversations: [mentioned, conversation({ id: 'c2', lastMessage: message(1), peer: { ...mentioned.peer, id: 'x' } })], people: [], search: '', activeId: null, presence: new Presence(), myId: ME });
    assert.deepEqual(items.map((i) => i.mentioned), [true, false]);
});

test('screen readers hear edits and deletions, not reactions; a message is said without its marks', () => {
    const nameOf = () => 'Bob';

    assert.equal(changeAnnouncement(change(5, 'messageEdited', 1, { body: '*now* right' }), nameOf, markdown.plain), 'Bob edited a message: now right');
    assert.equal(changeAnnouncement(change(6, 'messageDeleted', 1), nameOf), 'Bob deleted a message');
    assert.equal(changeAnnouncement(change(7, 'reactionAdded', 1, { body: '👍' }), nameOf), '');
    assert.equal(announcement(message(1, { body: '**hello**' }), conversation(), true, nameOf, ME, markdown.plain), 'Bob: hello');
});

test('a message that mentions the person is notified even while the tab shows another conversation', () => {
    assert.equal(shouldNotify({ mine: false, hidden: false, permission: 'granted', mentionsMe: true, isOpen: false }), true);
    assert.equal(shouldNotify({ mine: false, hidden: false, permission: 'granted', mentionsMe: true, isOpen: true }), false);
    assert.equal(shouldNotify({ mine: false, hidden: false, permission: 'granted', mentionsMe: false, isOpen: false }), false);
    assert.equal(shouldNotify({ mine: false, hidden: false, permission: 'default', mentionsMe: true, isOpen: false }), false);
});

test('the "New messages" line goes above the first row from the first unread seq on that someone else wrote', () => {
    const rows = [message(4), message(5, { senderId: ME }), message(6), message(8)];
    const view = (unreadFrom) => timelineView(rows, [], conversation(), ME, formats, undefined, { unreadFrom }).filter((v) => v.unreadDivider).map((v) => v.seq);

    assert.deepEqual(view(5), [6]);
    assert.deepEqual(view(4), [4]);
    assert.deepEqual(view(7), [8]);
    assert.deepEqual(view(0), []);
    assert.deepEqual(view(9), []);
    // Rows before the first loaded one may be unread: the first unread is not known to be loaded.
    assert.deepEqual(view(2), []);
    assert.equal(firstUnreadSeq(rows, 2, ME), 0);
});

test('screen readers hear how many messages are new when a conversation opens at the first of them', () => {
    assert.equal(unreadAnnouncement(1), '1 new message, shown from the first');
    assert.equal(unreadAnnouncement(80), '80 new messages, shown from the first');
});

test("a message's files show in its bubble: pictures to open, other files to download; a deleted one's not at all", () => {
    const picture = { id: 'p', name: 'cat.webp', contentType: 'image/webp', length: 2048, width: 800, height: 600, picture: true };
    const pdf = { id: 'd', name: 'plan.pdf', contentType: 'application/pdf', length: 1024, width: null, height: null, picture: false };
    const stored = [{ ...message(1), body: '', files: [picture, pdf] }, { ...message(2), deleted: true, body: '', files: null }];

    const [withFiles, deleted] = timelineView(stored, [], conversation(), ME, formats);

    assert.deepEqual([withFiles.hasFiles, withFiles.hasText, withFiles.filesText], [true, false, '2 files']);
    assert.deepEqual(withFiles.pictures.map((p) => [p.src, p.width, p.height, p.label]), [['/api/files/p/thumbnail', 400, 300, 'Open picture cat.webp']]);
    assert.deepEqual(withFiles.documents.map((d) => [d.href, d.size, d.type]), [['/api/files/d', '1 KB', 'PDF']]);
    assert.deepEqual([deleted.hasFiles, deleted.hasText, deleted.pictures, deleted.documents], [false, true, [], []]);
});

test('files on their way with a message are named under it until it is stored', () => {
    const files = [{ id: 'p', name: 'cat.webp', contentType: 'image/webp', length: 2048, width: 8, height: 6, picture: true }];
    const waiting = { clientMessageId: 'w', conversationId: 'c1', kind: 'text', body: '', fileIds: ['p'], files, createdAt: '2026-01-01T10:00:00Z', state: 'sending', error: '' };

    const [view] = timelineView([], [waiting], conversation(), ME, formats);

    assert.deepEqual([view.hasFiles, view.hasText, view.pendingFiles, view.pictures], [true, false, [{ key: 'p', name: 'cat.webp', size: '2 KB' }], []]);
});

test("a message of files alone is previewed, quoted and said by what its files are", () => {
    const files = [{ id: 'p', name: 'cat.webp', contentType: 'image/webp', length: 1, width: 1, height: 1, picture: true }];
    const last = { ...message(3), body: '', files };
    const reply = { ...message(4), replyToSeq: 3 };

    assert.equal(previewText(conversation({ lastMessage: last }), ME), 'A picture');
    assert.equal(timelineView([last, reply], [], conversation(), ME, formats)[1].replyExcerpt, 'A picture');
    assert.equal(announcement({ ...last, body: 'look' }, conversation(), true), 'Bob: look (sent a picture)');
});
