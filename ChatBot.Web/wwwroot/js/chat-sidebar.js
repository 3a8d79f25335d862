// @ts-check
// The sidebar's actions: the conversations and the people found, whom the hub is to tell the page
// the presence of, and opening a conversation with someone.
import { api, ApiError } from './api.js';
import { HubMethods } from './contract.js';
import { noteDelivered, openConversation } from './chat-conversation.js';
import { findPeople, noteNames } from './chat-groups.js';
import { watchList } from './presence.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./chat-state.js').Io} Io */
/** @typedef {import('./contract.js').Conversation} Conversation */

/**
 * @param {ChatState} chat
 * @param {Io} io
 */
export async function loadConversations(chat, io) {
    /** @type {Conversation[]} */
    const list = await api('/api/conversations');
    for (const c of list) {
        if (c.peer) {
            chat.presence.note(c.peer.id, c.peer);
            noteNames(chat, [c.peer]);
        }
        if (c.lastMessage && c.lastMessage.senderId !== chat.me.id) {
            noteDelivered(io, c.id, c.lastSeq);
        }
    }
    chat.conversations.replace(list, chat.activeId);
}

/**
 * @param {ChatState} chat
 * @param {Io} io
 */
export async function searchPeople(chat, io) {
    const number = ++io.searchNumber;
    const people = await findPeople(chat, chat.search);
    if (number === io.searchNumber) {
        people.forEach((person) => chat.presence.note(person.id, person));
        noteNames(chat, people);
        chat.people = people;
    }
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
    return summary;
}

/**
 * @param {ChatState} chat
 * @param {Io} io
 * @param {import('./views.js').SidebarItem} item
 */
export async function openItem(chat, io, item) {
    try {
        const id = item.conversationId
            ?? chat.conversations.upsert(await api('/api/conversations/direct', { method: 'POST', body: { userId: item.userId } })).id;
        await openConversation(chat, io, id);
    } catch (error) {
        chat.composerError = error instanceof ApiError ? error.message : 'That conversation could not be opened.';
    }
}

/**
 * Asks the hub to tell this page when the people it shows come online or go offline.
 * @param {ChatState} chat
 * @param {Io} io
 * @returns {Promise<void>} settled once the hub has answered (or at once, when there was nothing to ask)
 */
export async function watchPresence(chat, io) {
    if (!chat.limits || !io.hub?.isConnected) {
        return;
    }
    const shown = [...chat.sidebarItems.map((item) => item.userId), ...chat.members.map((m) => m.user.id)].filter((id) => id && id !== chat.me.id);
    const ids = watchList(shown, chat.limits.maxWatched);
    if (ids.join(',') === io.watched) {
        return;
    }
    io.watched = ids.join(',');
    const asking = chat.presence.asking();
    try {
        asking.answered(await io.hub.invoke(HubMethods.watchPresence, ids));
    } catch {
        io.watched = '';
    } finally {
        asking.ended();
    }
}
