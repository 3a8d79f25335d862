// @ts-check
// What the sidebar's, the open conversation's and the groups' actions all use: people's names and presence
// as the page learns them, the people search, a conversation new to the page, the open group's members,
// whom the hub is to tell the page the presence of, and telling the server what this device has received.
// It imports none of them, so the page's modules import one way.
import { api } from './api.js';
import { HubMethods } from './contract.js';
import { noteNamesCarried } from './groups.js';
import { watchList } from './presence.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Member} Member */
/** @typedef {import('./contract.js').Person} Person */

const RECEIPT_DELAY_MS = 250; // delivery receipts are gathered, then sent once

/**
 * Remembers people's names, for the lines that name them.
 * @param {ChatState} chat
 * @param {Person[]} people
 */
export function noteNames(chat, people) {
    for (const person of people) {
        chat.names[person.id] = person.displayName;
    }
}

/**
 * The people whose names hold the term, as many as the page may list: for the sidebar's search and the group forms'.
 * @param {ChatState} chat
 * @param {string} term
 * @returns {Promise<Person[]>}
 */
export function findPeople(chat, term) {
    const limit = chat.limits ? `&limit=${chat.limits.maxPeopleSearchResults}` : '';
    return api(`/api/users?search=${encodeURIComponent(term.trim())}${limit}`);
}

/**
 * A conversation new to this page (someone wrote first).
 * @param {ChatState} chat
 * @param {string} id
 * @returns {Promise<Conversation>}
 */
export async function fetchConversation(chat, id) {
    /** @type {Conversation} */
    const summary = await api(`/api/conversations/${id}`);
    if (summary.peer) {
        chat.presence.note(summary.peer.id, summary.peer);
        noteNames(chat, [summary.peer]);
    }
    noteNamesCarried(chat.names, summary.lastMessage ? [summary.lastMessage] : []);
    return summary;
}

/**
 * The open group's members, with their presence.
 * @param {ChatState} chat
 * @param {string} conversationId
 */
export async function loadMembers(chat, conversationId) {
    /** @type {Member[]} */
    const members = await api(`/api/conversations/${conversationId}/members`);
    if (chat.activeId === conversationId) {
        noteNames(chat, members.map((m) => m.user));
        members.forEach((m) => chat.presence.note(m.user.id, m.user));
        chat.members = members;
    }
}

/**
 * Asks the hub to tell this page when the people it shows come online or go offline.
 * @param {ChatState} chat
 * @returns {Promise<void>} settled once the hub has answered (or at once, when there was nothing to ask)
 */
export async function watchPresence(chat) {
    if (!chat.limits || !chat.internals.hub?.isConnected) {
        return;
    }
    const shown = [...chat.sidebarItems.map((item) => item.userId), ...chat.members.map((m) => m.user.id)].filter((id) => id && id !== chat.me.id);
    const ids = watchList(shown, chat.limits.maxWatched);
    if (ids.join(',') === chat.internals.watched) {
        return;
    }
    chat.internals.watched = ids.join(',');
    const asking = chat.presence.asking();
    try {
        asking.answered(await chat.internals.hub.invoke(HubMethods.watchPresence, ids));
    } catch {
        chat.internals.watched = '';
    } finally {
        asking.ended();
    }
}

/**
 * A device of this person has the conversation up to seq: told to the server, gathered per conversation.
 * @param {ChatState} chat
 * @param {string} conversationId
 * @param {number} seq
 */
export function noteDelivered(chat, conversationId, seq) {
    if (chat.internals.receipts.note(conversationId, seq)) {
        setTimeout(() => sendDeliveryReceipts(chat), RECEIPT_DELAY_MS);
    }
}

/** @param {ChatState} chat */
export function sendDeliveryReceipts(chat) {
    if (!chat.internals.hub.isConnected) {
        return; // kept, and sent after the next connect
    }
    for (const [conversationId, seq] of chat.internals.receipts.take()) {
        chat.internals.hub.invokeQuietly(HubMethods.markDelivered, conversationId, seq);
    }
}
