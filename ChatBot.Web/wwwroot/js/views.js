// @ts-check
// What the chat page shows, computed from the state: sidebar items, message bubbles, status lines,
// the tab's title. Pure: time formats and markdown-it are passed in.
import { withPending } from './changes.js';
import { MessageKinds } from './contract.js';
import { fileViews, filesSummary, pendingFileViews } from './files.js';
import { eventText, groupTicks, isEvent, isGroup, readBy, typingText } from './groups.js';
import { mentionNames } from './mentions.js';
import { lastSeenText } from './presence.js';
import { reactionViews } from './reactions.js';
import { tickState } from './receipts.js';

/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Person} Person */
/** @typedef {import('./outbox.js').OutboxEntry} OutboxEntry */
/** @typedef {import('./presence.js').Presence} Presence */
/** @typedef {import('./markdown.js').Markdown} Markdown */
/** @typedef {import('./markdown.js').RichNode} RichNode */
/** @typedef {import('./mentions.js').Mentionable} Mentionable */
/** @typedef {import('./reactions.js').ReactionView} ReactionView */
/** @typedef {import('./files.js').PictureView} PictureView */
/** @typedef {import('./files.js').DocumentView} DocumentView */
/** @typedef {import('./files.js').PendingFileView} PendingFileView */
/** @typedef {(body: string) => string} PlainText */
/** @typedef {import('./contract.js').Member} Member */
/** @typedef {{ time: (date: Date) => string, date: (date: Date) => string }} Formats */
/** @typedef {import('./groups.js').NameOf} NameOf */
/** The open group's members, how names are found, and whose readers are shown. @typedef {{ members: Member[], nameOf: NameOf, readersShown: string }} GroupContext */

/**
 * @typedef {{
 *   key: string, conversationId: string | null, userId: string, userName: string, displayName: string,
 *   unread: number, mentioned: boolean, preview: string, isActive: boolean, isOnline: boolean, presenceText: string, isGroup: boolean,
 * }} SidebarItem
 */

/**
 * Which message's menu is open (and in it, the question before deleting, or the reaction picker), which
 * message the keyboard is on, and which one was jumped to.
 * @typedef {{ menuKey: string, confirmingDelete: boolean, picking: boolean, focusKey: string, highlightedSeq: number }} MessageUi
 */

/**
 * What the open conversation's bubbles need besides its rows: markdown-it (without it, the text as written),
 * how the people a message mentions are named, the state of the menus, whether this person may delete
 * others' messages (a group's admin), how long a reply's quote of its original is, and where the unread rows
 * began when the conversation was opened (0: none were unread).
 * @typedef {{ markdown?: Markdown, nameOf?: NameOf, people?: Record<string, Mentionable>, ui?: MessageUi, mayDeleteAny?: boolean, excerptLength?: number, unreadFrom?: number }} TimelineContext
 */

/**
 * A bubble of the timeline (or a group's event). A text message shows its formatted text (`rich`), or that it
 * was deleted, whether and when it was edited, the message it replies to (`reply*`), its reactions, whether it
 * mentions this person; its files (pictures to open, other files to download; on their way, their names), and
 * whether it has text besides; and what its menu offers. The first unread row has the "New messages" line above it.
 * @typedef {{
 *   key: string, clientMessageId: string, seq: number | string, mine: boolean, time: string,
 *   state: string, ticks: string, failed: boolean, retryText: string,
 *   isEvent: boolean, eventText: string, sender: string, readers: string, readersOpen: boolean,
 *   rich: RichNode[], text: string, deleted: boolean, edited: boolean, editedTitle: string, saving: string,
 *   hasReply: boolean, replySeq: number, replySender: string, replyExcerpt: string, replyDeleted: boolean,
 *   reactions: ReactionView[], hasReactions: boolean, mentionsMe: boolean, highlighted: boolean, theirs: boolean,
 *   pictures: PictureView[], documents: DocumentView[], pendingFiles: PendingFileView[], hasFiles: boolean, hasText: boolean, filesText: string,
 *   menuOpen: boolean, menuExpanded: 'true' | 'false', choosing: boolean, confirmingDelete: boolean, picking: boolean,
 *   hasMenu: boolean, canReply: boolean, canEdit: boolean, canDelete: boolean, tabIndex: number | null, unreadDivider: boolean,
 * }} MessageView
 */

/** @type {MessageUi} */
const NO_UI = { menuKey: '', confirmingDelete: false, picking: false, focusKey: '', highlightedSeq: 0 };

/** The words of a preview, a notification or a spoken message: the text without its Markdown, on one line. */
const PREVIEW_LENGTH = 80;
const SPOKEN_LENGTH = 200;

/** How much of its original a reply quotes, until the server's limits (replyExcerptLength) have come. */
export const REPLY_EXCERPT_LENGTH = 120;

/** What shows in place of a deleted message. */
export const DELETED_TEXT = 'Message deleted';

const TICKS = { received: '', sent: '✓ Sent', delivered: '✓✓ Delivered', read: '✓✓ Read' };

/**
 * The conversations with messages (and the open one) first, groups and direct ones together by last
 * activity, then the other people found. A conversation with unread messages that mention this person is
 * marked.
 * @param {{ conversations: Conversation[], people: Person[], search: string, activeId: string | null, presence: Presence, myId: string, nameOf?: NameOf, plain?: PlainText }} state
 * @returns {SidebarItem[]}
 */
export function sidebarItems({ conversations, people, search, activeId, presence, myId, nameOf = () => 'Someone', plain = (body) => body }) {
    const term = search.trim().toLowerCase();
    /** @param {Person} person */
    const matches = (person) =>
        !term || person.userName.toLowerCase().includes(term) || person.displayName.toLowerCase().includes(term);
    /** @param {Person} person */
    const personItem = (person) => {
        const isOnline = presence.isOnline(person.id);
        return { userId: person.id, userName: person.userName, displayName: person.displayName, isOnline, presenceText: isOnline ? 'online' : 'offline', isGroup: false };
    };
    /** @type {SidebarItem[]} */
    const items = [];
    const listed = new Set();
    for (const c of conversations) {
        if (!c.lastMessage && c.id !== activeId) {
            continue;
        }
        const preview = previewText(c, myId, nameOf, plain);
        const mentioned = (c.unreadMentions ?? 0) > 0;
        if (!c.peer) {
            const name = c.name ?? '';
            if (!term || name.toLowerCase().includes(term)) {
                const presenceText = `group of ${c.memberCount ?? 0}`;
                items.push({ key: `c:${c.id}`, conversationId: c.id, userId: '', userName: '', displayName: name, isOnline: false, presenceText, isGroup: true, unread: c.unreadCount, mentioned, preview, isActive: c.id === activeId });
            }
            continue;
        }
        if (!matches(c.peer)) {
            continue;
        }
        listed.add(c.peer.id);
        items.push({ key: `c:${c.id}`, conversationId: c.id, ...personItem(c.peer), unread: c.unreadCount, mentioned, preview, isActive: c.id === activeId });
    }
    for (const person of people.filter((p) => !listed.has(p.id))) {
        items.push({ key: `u:${person.id}`, conversationId: null, ...personItem(person), unread: 0, mentioned: false, preview: `@${person.userName}`, isActive: false });
    }
    return items;
}

/**
 * The sidebar's line under a conversation's name: its last message or event, as plain text.
 * @param {Conversation} conversation
 * @param {string} myId
 * @param {NameOf} [nameOf]
 * @param {PlainText} [plain]
 */
export function previewText(conversation, myId, nameOf = () => 'Someone', plain = (body) => body) {
    const last = conversation.lastMessage;
    if (!last) {
        return conversation.peer ? `@${conversation.peer.userName}` : '';
    }
    if (isEvent(last)) {
        return shortened(eventText(last, nameOf, myId), PREVIEW_LENGTH);
    }
    const text = last.deleted ? DELETED_TEXT : shortened(oneLine(plain(last.body)) || filesLine(last.files), PREVIEW_LENGTH);
    if (last.senderId === myId) {
        return `You: ${text}`;
    }
    return isGroup(conversation) ? `${nameOf(last.senderId)}: ${text}` : text;
}

/**
 * The open conversation's bubbles: the stored messages (and a group's events, as lines of their own), then
 * those still in the outbox; a message shows this person's changes to it that are on their way. In a group,
 * others' messages say who wrote them, and one's own who read them.
 * @param {Message[]} messages
 * @param {OutboxEntry[]} outboxEntries of this conversation
 * @param {Conversation} conversation
 * @param {string} myId
 * @param {Formats} format
 * @param {GroupContext} [group]
 * @param {TimelineContext} [context]
 * @returns {MessageView[]}
 */
export function timelineView(messages, outboxEntries, conversation, myId, format, group, context = {}) {
    const { markdown, people = {}, ui = NO_UI, mayDeleteAny = false, excerptLength = REPLY_EXCERPT_LENGTH, unreadFrom = 0 } = context;
    const nameOf = group?.nameOf ?? context.nameOf ?? ((/** @type {string} */ id) => (id === conversation.peer?.id ? conversation.peer.displayName : 'Someone'));
    const plain = markdown?.plain ?? ((/** @type {string} */ body) => body);
    /** @param {string} body @param {string[] | null | undefined} mentions */
    const rich = (body, mentions) => {
        const mentioned = (mentions ?? []).flatMap((id) => (people[id] ? [{ names: mentionNames(people[id]), label: `@${people[id].displayName}` }] : []));
        return markdown ? markdown.tree(body, mentioned) : [body];
    };
    const bySeq = new Map(messages.map((m) => [m.seq, m]));
    /** @param {number | null | undefined} seq @param {import('./contract.js').ReplyTo | null | undefined} replyTo */
    const reply = (seq, replyTo) => {
        if (!seq) {
            return { hasReply: false, replySeq: 0, replySender: '', replyExcerpt: '', replyDeleted: false };
        }
        // The original as it is now, when it is loaded; else as the server saw it; from before this person
        // joined, not at all.
        const original = bySeq.get(seq);
        if (!original && !replyTo) {
            return { hasReply: true, replySeq: seq, replySender: '', replyExcerpt: 'A message from before you joined', replyDeleted: false };
        }
        const deleted = original ? original.deleted === true : replyTo?.deleted === true;
        const senderId = original?.senderId ?? replyTo?.senderId ?? '';
        const sender = senderId === myId ? 'You' : (original ? nameOf(senderId) : replyTo?.senderName ?? nameOf(senderId));
        const said = oneLine(plain(original?.body ?? replyTo?.excerpt ?? '')) || filesLine(original?.files);
        const excerpt = deleted ? 'Original message deleted' : shortened(said, excerptLength);
        return { hasReply: true, replySeq: seq, replySender: sender, replyExcerpt: excerpt, replyDeleted: deleted };
    };
    const changes = outboxEntries.filter((e) => e.kind !== 'text');
    /** @param {string} key */
    const menu = (key) => {
        const open = ui.menuKey === key;
        const [confirmingDelete, picking] = [open && ui.confirmingDelete, open && ui.picking];
        return { menuOpen: open, menuExpanded: open ? /** @type {const} */ ('true') : /** @type {const} */ ('false'), choosing: open && !confirmingDelete && !picking, confirmingDelete, picking };
    };

    const firstUnread = firstUnreadSeq(messages, unreadFrom, myId);
    /** @type {MessageView[]} */
    const stored = messages.map((m) => {
        const mine = m.senderId === myId;
        const time = format.time(new Date(m.sentAt));
        const unreadDivider = m.seq === firstUnread;
        if (isEvent(m)) {
            return { ...bubble(m.clientMessageId, m.seq, '', false, time, 'event', ''), isEvent: true, theirs: false, eventText: eventText(m, nameOf, myId), unreadDivider };
        }
        const shown = withPending(m, changes, myId);
        const state = tickState(m, conversation, myId);
        const files = fileViews(m.files, shown.deleted);
        const base = group ? groupBubble(m, mine, time, group, myId) : bubble(m.clientMessageId, m.seq, '', mine, time, state, TICKS[state]);
        return {
            ...base,
            rich: shown.deleted ? [DELETED_TEXT] : rich(shown.body, m.mentions),
            text: shown.body,
            deleted: shown.deleted,
            edited: !shown.deleted && (Boolean(m.editedAt) || shown.saving === 'edit'),
            editedTitle: m.editedAt ? `Edited at ${format.time(new Date(m.editedAt))}` : '',
            saving: { edit: 'Saving…', delete: 'Deleting…', '': '' }[shown.saving],
            ...reply(m.replyToSeq, m.replyTo),
            ...files,
            hasFiles: files.pictures.length + files.documents.length > 0,
            hasText: shown.deleted || shown.body.trim() !== '',
            filesText: shown.deleted ? '' : filesLine(m.files),
            reactions: reactionViews(shown.reactions, myId, nameOf),
            hasReactions: shown.reactions.length > 0,
            mentionsMe: !shown.deleted && (m.mentions ?? []).includes(myId),
            highlighted: ui.highlightedSeq === m.seq,
            ...menu(m.clientMessageId),
            hasMenu: !shown.deleted,
            canReply: !shown.deleted && !conversation.isGone,
            canEdit: mine && !shown.deleted && !conversation.isGone,
            canDelete: !shown.deleted && !conversation.isGone && (mine || mayDeleteAny),
            unreadDivider,
        };
    });
    const storedIds = new Set(messages.map((m) => m.clientMessageId));
    const pending = outboxEntries
        .filter((e) => e.kind === 'text' && !storedIds.has(e.clientMessageId))
        .map((e) => ({
            ...bubble(e.clientMessageId, '', e.body, true, format.time(new Date(e.createdAt)), e.state, e.state === 'failed' ? 'Not sent' : 'Sending…'),
            rich: rich(e.body, e.mentions),
            pendingFiles: pendingFileViews(e.files),
            hasFiles: (e.files ?? []).length > 0,
            hasText: e.body.trim() !== '',
            filesText: filesLine(e.files),
            ...reply(e.replyToSeq, null),
            ...menu(e.clientMessageId),
            hasMenu: true,
            failed: e.state === 'failed',
            retryText: e.error ? `${e.error} Retry` : 'Retry',
        }));
    const views = stored.concat(pending);
    // The keyboard's way into the messages: the one it is on, else the newest.
    const focusable = views.filter((v) => !v.isEvent);
    const current = focusable.find((v) => v.key === ui.focusKey) ?? focusable[focusable.length - 1];
    return views.map((v) => (v.isEvent ? v : { ...v, tabIndex: v === current ? 0 : -1 }));
}

/**
 * The row that the "New messages" line goes above: the first row shown from `unreadFrom` on that someone else
 * wrote, when the rows before it are loaded (else the first unread one may be among those that are not).
 * @param {Message[]} messages shown, in seq order
 * @param {number} unreadFrom
 * @param {string} myId
 * @returns {number} its seq; 0 for none
 */
export function firstUnreadSeq(messages, unreadFrom, myId) {
    if (unreadFrom <= 0 || messages.length === 0 || messages[0].seq > unreadFrom) {
        return 0;
    }
    return messages.find((m) => m.seq >= unreadFrom && m.senderId !== myId)?.seq ?? 0;
}

/**
 * A group's message: others' say who wrote them; one's own, how many have read them and, when asked, who.
 * @param {Message} m
 * @param {boolean} mine
 * @param {string} time
 * @param {GroupContext} group
 * @param {string} myId
 */
function groupBubble(m, mine, time, group, myId) {
    const view = bubble(m.clientMessageId, m.seq, m.body, mine, time, mine ? 'sent' : 'received', mine ? groupTicks(m.seq, group.members, myId) : '');
    const readers = mine ? readBy(m.seq, group.members, myId).readers.map((r) => r.user.displayName).join(', ') : '';
    return { ...view, sender: mine ? '' : group.nameOf(m.senderId), readers, readersOpen: readers !== '' && group.readersShown === m.clientMessageId };
}

/**
 * @param {string} clientMessageId
 * @param {number | string} seq
 * @param {string} body
 * @param {boolean} mine
 * @param {string} time
 * @param {string} state
 * @param {string} ticks
 * @returns {MessageView}
 */
function bubble(clientMessageId, seq, body, mine, time, state, ticks) {
    return {
        key: clientMessageId, clientMessageId, seq, mine, time, state, ticks, failed: false, retryText: '',
        isEvent: false, eventText: '', sender: '', readers: '', readersOpen: false,
        rich: [], text: body, deleted: false, edited: false, editedTitle: '', saving: '',
        pictures: [], documents: [], pendingFiles: [], hasFiles: false, hasText: true, filesText: '',
        hasReply: false, replySeq: 0, replySender: '', replyExcerpt: '', replyDeleted: false,
        reactions: [], hasReactions: false, mentionsMe: false, highlighted: false, theirs: !mine, menuOpen: false, menuExpanded: 'false', choosing: false, confirmingDelete: false, picking: false,
        hasMenu: false, canReply: false, canEdit: false, canDelete: false, tabIndex: null, unreadDivider: false,
    };
}

/**
 * Under the messages, once the whole history is there.
 * @param {Conversation} conversation
 * @param {{ isLoaded: boolean, hasOlder: boolean, messages: Message[] }} timeline
 */
export function historyNote(conversation, timeline) {
    if (!timeline.isLoaded || timeline.hasOlder) {
        return '';
    }
    if (!conversation.peer) {
        return (conversation.joinedSeq ?? 0) > 1
            ? `You see ${conversation.name} from when you joined.`
            : `This is the beginning of ${conversation.name}.`;
    }
    return timeline.messages.length === 0
        ? `No messages yet. Say hello to ${conversation.peer.displayName}!`
        : `This is the beginning of your conversation with ${conversation.peer.displayName}.`;
}

/**
 * @param {Conversation} conversation
 * @param {Presence} presence
 * @param {string[]} typers
 * @param {number} now
 * @param {Formats} format
 * @param {NameOf} [nameOf]
 */
export function peerStatus(conversation, presence, typers, now, format, nameOf = (/** @type {string} */ id) => id) {
    const peer = conversation.peer;
    if (!peer) {
        if (conversation.isGone) {
            return 'You are no longer in this group';
        }
        return typers.length > 0 ? typingText(typers.map(nameOf)) : `${conversation.memberCount ?? 0} members`;
    }
    if (typers.includes(peer.id)) {
        return `${peer.displayName} is typing…`;
    }
    const known = presence.people[peer.id];
    return `@${peer.userName} · ${known?.isOnline ? 'online' : lastSeenText(known?.lastSeenAt, now, format)}`;
}

/** @param {number} unread */
export function pageTitle(unread) {
    return unread > 0 ? `(${unread}) Chat · ChatBot` : 'Chat · ChatBot';
}

/** @param {string} state */
export function connectionNotice(state) {
    switch (state) {
        case 'connecting':
            return 'Connecting…';
        case 'reconnecting':
            return 'Reconnecting… what you write is kept and sent when the connection is back.';
        default:
            return '';
    }
}

/** @param {string} search */
export function emptySidebarText(search) {
    return search.trim() ? 'Nobody matches that name.' : 'Nobody else is here yet.';
}

/**
 * What a screen reader says when a message arrives.
 * @param {Message} message
 * @param {Conversation} conversation
 * @param {boolean} isOpen whether the conversation is the one on screen
 * @param {NameOf} [nameOf]
 * @param {string} [myId]
 * @param {PlainText} [plain]
 */
export function announcement(message, conversation, isOpen, nameOf = () => 'Someone', myId = '', plain = (body) => body) {
    const said = shortened([oneLine(plain(message.body)), sentFiles(message.files)].filter(Boolean).join(' '), SPOKEN_LENGTH);
    if (!conversation.peer) {
        const text = isEvent(message) ? eventText(message, nameOf, myId) : `${nameOf(message.senderId)}: ${said}`;
        return isOpen ? text : `New in ${conversation.name}: ${shortened(text, PREVIEW_LENGTH)}`;
    }
    const name = conversation.peer.displayName;
    return isOpen ? `${name}: ${said}` : `New message from ${name}`;
}

/**
 * What a screen reader says when a conversation opens at its first unread message.
 * @param {number} unread
 */
export function unreadAnnouncement(unread) {
    return `${unread} new ${unread === 1 ? 'message' : 'messages'}, shown from the first`;
}

/**
 * What a screen reader says when someone edits or deletes a message of the open conversation; a reaction
 * says nothing (there may be many, and none is news).
 * @param {Message} row the change row
 * @param {NameOf} nameOf
 * @param {PlainText} [plain]
 */
export function changeAnnouncement(row, nameOf, plain = (body) => body) {
    switch (row.kind) {
        case MessageKinds.messageEdited:
            return `${nameOf(row.senderId)} edited a message: ${shortened(oneLine(plain(row.body)), SPOKEN_LENGTH)}`;
        case MessageKinds.messageDeleted:
            return `${nameOf(row.senderId)} deleted a message`;
        default:
            return '';
    }
}

/**
 * A conversation's title: the group's name, or the other person's.
 * @param {Conversation} conversation
 */
export function conversationTitle(conversation) {
    return conversation.peer ? conversation.peer.displayName : conversation.name ?? '';
}

/** @param {string} text */
export const oneLine = (text) => text.replace(/\s+/g, ' ').trim();

/**
 * A message on one line, for a notification: its text, else what its files are.
 * @param {Message} message
 * @param {PlainText} [plain]
 */
export function messageLine(message, plain = (body) => body) {
    return oneLine(plain(message.body)) || filesLine(message.files);
}

/**
 * What a message's files are, as a line of their own: "A picture", "3 files"; '' for none.
 * @param {import('./contract.js').FileDto[] | null | undefined} files
 */
export function filesLine(files) {
    const summary = filesSummary(files);
    return summary.charAt(0).toUpperCase() + summary.slice(1);
}

/**
 * What a screen reader adds for a message's files: "(sent a picture)"; '' for none.
 * @param {import('./contract.js').FileDto[] | null | undefined} files
 */
function sentFiles(files) {
    const summary = filesSummary(files);
    return summary ? `(sent ${summary})` : '';
}

/**
 * @param {string} text
 * @param {number} length
 */
export function shortened(text, length) {
    return text.length > length ? `${text.slice(0, length)}…` : text;
}
