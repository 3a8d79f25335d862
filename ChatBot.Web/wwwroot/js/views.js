// @ts-check
// What the chat page shows, computed from the state: sidebar items, message bubbles, status lines,
// the tab's title. Pure: time formats are passed in.
import { linkParts } from './links.js';
import { lastSeenText } from './presence.js';
import { tickState } from './receipts.js';

/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Person} Person */
/** @typedef {import('./outbox.js').OutboxEntry} OutboxEntry */
/** @typedef {import('./presence.js').Presence} Presence */
/** @typedef {import('./links.js').TextPart} TextPart */
/** @typedef {{ time: (date: Date) => string, date: (date: Date) => string }} Formats */

/**
 * @typedef {{
 *   key: string, conversationId: string | null, userId: string, userName: string, displayName: string,
 *   unread: number, preview: string, isActive: boolean, isOnline: boolean, presenceText: string,
 * }} SidebarItem
 */

/**
 * @typedef {{
 *   key: string, clientMessageId: string, seq: number | string, parts: TextPart[], mine: boolean, time: string,
 *   state: string, ticks: string, failed: boolean, retryText: string,
 * }} MessageView
 */

const TICKS = { received: '', sent: '✓ Sent', delivered: '✓✓ Delivered', read: '✓✓ Read' };

/**
 * The conversations with messages (and the open one) first, then the other people found.
 * @param {{ conversations: Conversation[], people: Person[], search: string, activeId: string | null, presence: Presence, myId: string }} state
 * @returns {SidebarItem[]}
 */
export function sidebarItems({ conversations, people, search, activeId, presence, myId }) {
    const term = search.trim().toLowerCase();
    /** @param {Person} person */
    const matches = (person) =>
        !term || person.userName.toLowerCase().includes(term) || person.displayName.toLowerCase().includes(term);
    /** @param {Person} person */
    const personItem = (person) => {
        const isOnline = presence.isOnline(person.id);
        return { userId: person.id, userName: person.userName, displayName: person.displayName, isOnline, presenceText: isOnline ? 'online' : 'offline' };
    };
    /** @type {SidebarItem[]} */
    const items = [];
    const listed = new Set();
    for (const c of conversations) {
        if ((!c.lastMessage && c.id !== activeId) || !matches(c.peer)) {
            continue;
        }
        listed.add(c.peer.id);
        items.push({ key: `c:${c.id}`, conversationId: c.id, ...personItem(c.peer), unread: c.unreadCount, preview: previewText(c, myId), isActive: c.id === activeId });
    }
    for (const person of people.filter((p) => !listed.has(p.id))) {
        items.push({ key: `u:${person.id}`, conversationId: null, ...personItem(person), unread: 0, preview: `@${person.userName}`, isActive: false });
    }
    return items;
}

/**
 * @param {Conversation} conversation
 * @param {string} myId
 */
export function previewText(conversation, myId) {
    const last = conversation.lastMessage;
    if (!last) {
        return `@${conversation.peer.userName}`;
    }
    const text = shortened(last.body, 80);
    return last.senderId === myId ? `You: ${text}` : text;
}

/**
 * The open conversation's bubbles: the stored messages, then those still in the outbox.
 * @param {Message[]} messages
 * @param {OutboxEntry[]} outboxEntries of this conversation
 * @param {Conversation} conversation
 * @param {string} myId
 * @param {Formats} format
 * @returns {MessageView[]}
 */
export function timelineView(messages, outboxEntries, conversation, myId, format) {
    const stored = messages.map((m) => {
        const state = tickState(m, conversation, myId);
        return bubble(m.clientMessageId, m.seq, m.body, m.senderId === myId, format.time(new Date(m.sentAt)), state, TICKS[state]);
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
    return { key: clientMessageId, clientMessageId, seq, parts: linkParts(body), mine, time, state, ticks, failed: false, retryText: '' };
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
 */
export function peerStatus(conversation, presence, typers, now, format) {
    const peer = conversation.peer;
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
 */
export function announcement(message, conversation, isOpen) {
    const name = conversation.peer.displayName;
    return isOpen ? `${name}: ${shortened(message.body, 200)}` : `New message from ${name}`;
}

/**
 * @param {string} text
 * @param {number} length
 */
export function shortened(text, length) {
    return text.length > length ? `${text.slice(0, length)}…` : text;
}
