// @ts-check
// The sidebar's actions: the conversations and the people found, and opening a conversation with someone.
import { api, ApiError } from './api.js';
import { openConversation } from './chat-conversation.js';
import { findPeople, noteDelivered, noteNames } from './chat-shared.js';

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
