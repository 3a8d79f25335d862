// @ts-check
// The sidebar's actions: the conversations and the people found, opening a conversation with someone,
// and turning on notifications.
import { api, ApiError } from './api.js';
import { openConversation } from './conversation-actions.js';
import { noteNamesCarried } from './groups.js';
import { findPeople, noteDelivered, noteNames } from './shared-actions.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./contract.js').Conversation} Conversation */

/**
 * @param {ChatState} chat
 */
export async function loadConversations(chat) {
    const askedAt = chat.conversations.changes;
    /** @type {Conversation[]} */
    const list = await api('/api/conversations');
    for (const c of list) {
        if (c.peer) {
            chat.presence.note(c.peer.id, c.peer);
            noteNames(chat, [c.peer]);
        }
        if (c.lastMessage) {
            noteNamesCarried(chat.names, [c.lastMessage]);
            if (c.lastMessage.senderId !== chat.me.id) {
                noteDelivered(chat, c.id, c.lastSeq);
            }
        }
    }
    chat.conversations.replace(list, chat.activeId, askedAt);
}

/**
 * @param {ChatState} chat
 */
export async function searchPeople(chat) {
    const number = ++chat.internals.searchNumber;
    const people = await findPeople(chat, chat.search);
    if (number === chat.internals.searchNumber) {
        people.forEach((person) => chat.presence.note(person.id, person));
        noteNames(chat, people);
        chat.people = people;
    }
}

/**
 * @param {ChatState} chat
 * @param {import('./views.js').SidebarItem} item
 */
export async function openItem(chat, item) {
    try {
        const id = item.conversationId
            ?? chat.conversations.upsert(await api('/api/conversations/direct', { method: 'POST', body: { userId: item.userId } })).id;
        await openConversation(chat, id);
    } catch (error) {
        chat.composerError = error instanceof ApiError ? error.message : 'That conversation could not be opened.';
    }
}

/**
 * Asked only from the person's click: browsers (and people) turn down prompts that come unasked.
 * @param {ChatState} chat
 */
export async function turnOnNotifications(chat) {
    const { notifier } = chat.internals;
    await notifier.ask();
    chat.notificationPermission = notifier.permission;
}
