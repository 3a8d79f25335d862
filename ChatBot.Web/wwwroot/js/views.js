// @ts-check
// What the chat page shows, computed from the state: sidebar items, message bubbles, status lines,
// the tab's title. Pure: time formats are passed in.
import { eventText, groupTicks, isEvent, isGroup, readBy, typingText } from './groups.js';
import { linkParts } from './links.js';
import { lastSeenText } from './presence.js';
import { tickState } from './receipts.js';

/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Person} Person */
/** @typedef {import('./outbox.js').OutboxEntry} OutboxEntry */
/** @typedef {import('./presence.js').Presence} Presence */
/** @typedef {import('./links.js').TextPart} TextPart */
/** @typedef {import('./contract.js').Member} Member */
/** @typedef {{ time: (date: Date) => string, date: (date: Date) => string }} Formats */
/** @typedef {import('./groups.js').NameOf} NameOf */
/** The open group's members, how names are found, and whose readers are shown. @typedef {{ members: Member[], nameOf: NameOf, readersShown: string }} GroupContext */

/**
 * @typedef {{
 *   key: string, conversationId: string | null, userId: string, userName: string, displayName: string,
 *   unread: number, preview: string, isActive: boolean, isOnline: boolean, presenceText: string, isGroup: boolean,
 * }} SidebarItem
 */

/**
 * @typedef {{
 *   key: string, clientMessageId: string, seq: number | string, parts: TextPart[], mine: boolean, time: string,
 *   state: string, ticks: string, failed: boolean, retryText: string,
 *   isEvent: boolean, eventText: string, sender: string, readers: string, readersOpen: boolean,
 * }} MessageView
 */

const TICKS = { received: '', sent: '✓ Sent', delivered: '✓✓ Delivered', read: '✓✓ Read' };

/**
 * The conversations with messages (and the open one) first, groups and direct ones together by last
 * activity, then the other people found.
 * @param {{ conversations: Conversation[], people: Person[], search: string, activeId: string | null, presence: Presence, myId: string, nameOf?: NameOf }} state
 * @returns {SidebarItem[]}
 */
export function sidebarItems({ conversations, people, search, activeId, presence, myId, nameOf = () => 'Someone' }) {
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
        const preview = previewText(c, myId, nameOf);
        if (!c.peer) {
            const name = c.name ?? '';
            if (!term || name.toLowerCase().includes(term)) {
                const presenceText = `group of ${c.memberCount ?? 0}`;
                items.push({ key: `c:${c.id}`, conversationId: c.id, userId: '', userName: '', displayName: name, isOnline: false, presenceText, isGroup: true, unread: c.unreadCount, preview, isActive: c.id === activeId });
            }
            continue;
        }
        if (!matches(c.peer)) {
            continue;
        }
        listed.add(c.peer.id);
        items.push({ key: `c:${c.id}`, conversationId: c.id, ...personItem(c.peer), unread: c.unreadCount, preview, isActive: c.id === activeId });
    }
    for (const person of people.filter((p) => !listed.has(p.id))) {
        items.push({ key: `u:${person.id}`, conversationId: null, ...personItem(person), unread: 0, preview: `@${person.userName}`, isActive: false });
    }
    return items;
}

/**
 * @param {Conversation} conversation
 * @param {string} myId
 * @param {NameOf} [nameOf]
 */
export function previewText(conversation, myId, nameOf = () => 'Someone') {
    const last = conversation.lastMessage;
    if (!last) {
        return conversation.peer ? `@${conversation.peer.userName}` : '';
    }
    if (isEvent(last)) {
        return shortened(eventText(last, nameOf, myId), 80);
    }
    const text = shortened(last.body, 80);
    if (last.senderId === myId) {
        return `You: ${text}`;
    }
    return isGroup(conversation) ? `${nameOf(last.senderId)}: ${text}` : text;
}

/**
 * The open conversation's bubbles: the stored messages (and a group's events, as lines of their own), then
 * those still in the outbox. In a group, others' messages say who wrote them, and one's own who read them.
 * @param {Message[]} messages
 * @param {OutboxEntry[]} outboxEntries of this conversation
 * @param {Conversation} conversation
 * @param {string} myId
 * @param {Formats} format
 * @param {GroupContext} [group]
 * @returns {MessageView[]}
 */
export function timelineView(messages, outboxEntries, conversation, myId, format, group) {
    const stored = messages.map((m) => {
        const mine = m.senderId === myId;
        const time = format.time(new Date(m.sentAt));
        if (isEvent(m)) {
            return { ...bubble(m.clientMessageId, m.seq, '', false, time, 'event', ''), isEvent: true, eventText: eventText(m, group?.nameOf ?? (() => 'Someone'), myId) };
        }
        if (group) {
            const view = bubble(m.clientMessageId, m.seq, m.body, mine, time, mine ? 'sent' : 'received', mine ? groupTicks(m.seq, group.members, myId) : '');
            const readers = mine ? readBy(m.seq, group.members, myId).readers.map((r) => r.user.displayName).join(', ') : '';
            return { ...view, sender: mine ? '' : group.nameOf(m.senderId), readers, readersOpen: readers !== '' && group.readersShown === m.clientMessageId };
        }
        const state = tickState(m, conversation, myId);
        return bubble(m.clientMessageId, m.seq, m.body, mine, time, state, TICKS[state]);
    });
    const storedIds = new Set(messages.map((m) => m.clientMessageId));
    const pending = outboxEntries
        .filter((e) => !storedIds.has(e.clientMessageId))
        .map((e) => ({
            ...bubble(e.clientMessageId, '', e.body, true, format.time(new Date(e.createdAt)), e.state, e.state === 'failed' ? 'Not sent' : 'Sending…'),
            failed: e.state === 'failed',
            retryText: e.error ? `${e.error} Retry` : 'Retry',
        }));
    return stored.concat(pending);
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
        key: clientMessageId, clientMessageId, seq, parts: linkParts(body), mine, time, state, ticks, failed: false, retryText: '',
        isEvent: false, eventText: '', sender: '', readers: '', readersOpen: false,
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
 */
export function announcement(message, conversation, isOpen, nameOf = () => 'Someone', myId = '') {
    if (!conversation.peer) {
        const text = isEvent(message) ? eventText(message, nameOf, myId) : `${nameOf(message.senderId)}: ${shortened(message.body, 200)}`;
        return isOpen ? text : `New in ${conversation.name}: ${shortened(text, 80)}`;
    }
    const name = conversation.peer.displayName;
    return isOpen ? `${name}: ${shortened(message.body, 200)}` : `New message from ${name}`;
}

/**
 * A conversation's title: the group's name, or the other person's.
 * @param {Conversation} conversation
 */
export function conversationTitle(conversation) {
    return conversation.peer ? conversation.peer.displayName : conversation.name ?? '';
}

/**
 * @param {string} text
 * @param {number} length
 */
export function shortened(text, length) {
    return text.length > length ? `${text.slice(0, length)}…` : text;
}
