// @ts-check
// The message search's actions: running what the box holds (Enter), the next page of results ("More"),
// looking in the open conversation or everywhere, opening a result at its message, and the keys that reach
// the box from anywhere on the page ("/" and Ctrl+K) and close the results (Escape).
import { api } from './api.js';
import { alpine, ref } from './chat-state.js';
import { openConversation, PHONE, showMessage } from './conversation-actions.js';
import { searchPath } from './search.js';
import { fetchConversation } from './shared-actions.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./search.js').SearchResultView} SearchResultView */

/** @type {import('./search.js').FetchResults} */
const fetchResults = (query, conversationId, page) => api(searchPath(query, conversationId, page));

/** @param {ChatState} chat */
export async function runSearch(chat) {
    await chat.messageSearch.start(fetchResults);
}

/**
 * The next page, after the results shown; the focus goes to the first it adds.
 * @param {ChatState} chat
 */
export async function moreResults(chat) {
    const shown = chat.messageSearch.results.length;
    if (await chat.messageSearch.more(fetchResults) > 0) {
        alpine(chat).$nextTick(() => {
            /** @type {HTMLElement | undefined} */ (chat.internals.root.querySelectorAll('.chat-search-result')[shown])?.focus();
        });
    }
}

/**
 * The results panel opens (on a phone, in place of the conversation) and the box takes the focus before the
 * next key comes, so that not a key typed next goes elsewhere: at once where it shows already, or as soon as
 * Alpine has shown it. Alpine draws a change in a microtask queued as the change is made, so one queued after
 * it runs once the box shows, still within this key's event; `$nextTick` waits for a timer, which keys beat.
 * @param {ChatState} chat
 */
export function focusSearch(chat) {
    chat.messageSearch.open = true;
    const box = ref(chat, 'searchBox');
    if (!(box instanceof HTMLInputElement)) {
        return;
    }
    const focus = () => {
        box.focus();
        box.select();
    };
    focus();
    if (document.activeElement !== box) {
        queueMicrotask(focus);
    }
}

/**
 * The conversation header's "Search": the search looks in the open conversation.
 * @param {ChatState} chat
 */
export function searchInConversation(chat) {
    const c = chat.active;
    if (c) {
        chat.messageSearch.lookIn({ id: c.id, name: chat.title });
        focusSearch(chat);
    }
}

/**
 * The scope's ×: the search looks in every conversation again.
 * @param {ChatState} chat
 */
export function searchEverywhere(chat) {
    chat.messageSearch.lookIn(null);
    focusSearch(chat);
}

/**
 * Escape, or the panel's ×: the people list comes back; the focus goes to the box, or on a phone back to the
 * open conversation's heading.
 * @param {ChatState} chat
 */
export function closeSearch(chat) {
    chat.messageSearch.open = false;
    const backToConversation = chat.active !== null && window.matchMedia(PHONE).matches;
    alpine(chat).$nextTick(() => {
        ref(chat, backToConversation ? 'heading' : 'searchBox')?.focus();
    });
}

/**
 * A result opens its conversation at its message, which stands out among its neighbours; on a phone, the
 * results give way to it.
 * @param {ChatState} chat
 * @param {SearchResultView} result
 */
export async function openResult(chat, result) {
    if (window.matchMedia(PHONE).matches) {
        chat.messageSearch.open = false;
    }
    if (result.conversationId === chat.activeId) {
        await showMessage(chat, result.seq);
        return;
    }
    await chat.conversations.getOrFetch(result.conversationId, (id) => fetchConversation(chat, id));
    await openConversation(chat, result.conversationId, result.seq);
}

/**
 * Keys anywhere on the page: "/" outside a field, and Ctrl+K (⌘K) anywhere, go to the search box; not while
 * a dialog is open.
 * @param {ChatState} chat
 * @param {KeyboardEvent} event
 */
export function onPageKey(chat, event) {
    const inField = event.target instanceof HTMLElement && (event.target.isContentEditable || event.target.matches('input, textarea, select'));
    const slash = event.key === '/' && !inField && !event.ctrlKey && !event.metaKey && !event.altKey;
    const k = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
    if ((slash || k) && !chat.newGroup.open && !chat.membersOpen && !chat.viewer.open) {
        event.preventDefault();
        focusSearch(chat);
    }
}
