// @ts-check
// The sidebar's actions: the conversations and the people found, opening a conversation with someone,
// and turning on notifications.
import { api, ApiError } from './api.js';
import { openConversation } from './conversation-actions.js';
import { noteNamesCarried } from './groups.js';
import { findPeople, noteDelivered, noteNames } from './shared-actions.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Person} Person */

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
 * The page's first list: its conversations and the people, asked at once, the people shown once the
 * conversations are. Shown first, the people would move down as the conversations came in above them, and a
 * press begun on one would end on another, or on nothing. A name typed already is a search, and waits for nothing.
 * @param {ChatState} chat
 */
export async function loadSidebar(chat) {
    const conversations = loadConversations(chat);
    const shownAfter = chat.search.trim() ? undefined : conversations;
    await Promise.allSettled([conversations, showPeople(chat, findPeople(chat, chat.search), shownAfter)]);
    chat.sidebarLoaded = true;
}

/**
 * @param {ChatState} chat
 */
export async function searchPeople(chat) {
    await showPeople(chat, findPeople(chat, chat.search));
}

/**
 * The people found, unless a later search has been asked for by then.
 * @param {ChatState} chat
 * @param {Promise<Person[]>} found
 * @param {Promise<unknown>} [shownAfter] what is shown first, whether it comes or fails
 */
async function showPeople(chat, found, shownAfter) {
    const number = ++chat.internals.searchNumber;
    const people = await found;
    await Promise.allSettled([shownAfter]);
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
