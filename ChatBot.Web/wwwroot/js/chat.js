// @ts-check
// The chat page's Alpine component, as glue: its state (chat-state.js) with, as its methods, the actions the
// page's markup calls (the *-actions.js modules, each action taking the component as its chat). Here the
// hub's events and the outbox are wired to those actions.
import { loadLimits } from './api.js';
import { chooseFiles, keepPageOnStrayDrop, onComposerPaste, onDragLeave, onDragOver, onDrop, onFilesChosen, removeAttachment } from './attachment-actions.js';
import { alpine, chatState } from './chat-state.js';
import { onComposerKey, onDraftInput, closeMentions, pickMention, retry, send } from './composer-actions.js';
import { ClientEvents, HubMethods } from './contract.js';
import { catchUpOpen, closeConversation, jumpToLatest, markReadIfSeen, onScroll, receive, typingStarted } from './conversation-actions.js';
import { ConversationList } from './conversations.js';
import {
    addMember, closeMembers, closeNewGroup, createGroup, isPicked, leaveGroup, makeAdmin, openMembers, openNewGroup,
    removeMember, renameGroup, searchNewGroup, searchToAdd, toggleReaders, togglePick,
} from './group-actions.js';
import { applyMemberReceipt } from './groups.js';
import { createHub } from './hub.js';
import { Outbox, outboxSender } from './outbox.js';
import {
    askDelete, cancelEdit, cancelReply, closeMenu, copyText, deleteMessage, onMessageContextMenu, onMessageFocus, onMessageKey, onMessagesFocusOut,
    openPicker, react, reactWithTyped, replyTo, showOriginal, startEdit, toggleMenu, toggleReaction,
} from './message-actions.js';
import { closeSearch, moreResults, onPageKey, openResult, runSearch, searchEverywhere, searchInConversation } from './search-actions.js';
import { loadMembers, sendDeliveryReceipts, watchPresence } from './shared-actions.js';
import { loadConversations, loadSidebar, openItem, searchPeople, turnOnNotifications } from './sidebar-actions.js';
import { pageTitle } from './views.js';
import { closeViewer, nextPicture, onViewerKey, openViewer, previousPicture } from './viewer-actions.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */

const NOW_TICKS_EVERY_MS = 30_000; // "last seen 5 min ago" stays true

/** @param {import('./markdown.js').Markdown} markdown how messages are formatted */
export function chat(markdown) {
    return component(chatState(markdown), {
        init() {
            return start(this);
        },
        ...asMethods({
            searchPeople, openItem, turnOnNotifications,
            closeConversation, onScroll, jumpToLatest, send, retry, onComposerKey, onDraftInput, pickMention, closeMentions, toggleReaders,
            toggleMenu, closeMenu, onMessageKey, onMessageFocus, onMessagesFocusOut, onMessageContextMenu, replyTo, cancelReply, startEdit, cancelEdit,
            askDelete, deleteMessage, openPicker, react, reactWithTyped, toggleReaction, copyText, showOriginal,
            openNewGroup, closeNewGroup, searchNewGroup, isPicked, togglePick, createGroup,
            openMembers, closeMembers, renameGroup, searchToAdd, addMember, removeMember, makeAdmin, leaveGroup,
            runSearch, moreResults, searchInConversation, searchEverywhere, closeSearch, openResult,
            chooseFiles, onFilesChosen, onDragOver, onDragLeave, onDrop, onComposerPaste, removeAttachment,
            openViewer, closeViewer, previousPicture, nextPicture, onViewerKey,
        }),
    });
}

/**
 * Connects the page: to the hub, whose events go to the actions, and to the outbox's sender; then loads
 * what the page shows.
 * @param {ChatState} chat
 */
async function start(chat) {
    const internals = chat.internals;
    internals.root = alpine(chat).$el; // in init, the component's element
    const { userId = '', userName = '', displayName = '' } = internals.root.dataset;
    chat.me = { id: userId, userName, displayName };
    chat.names[userId] = displayName;
    chat.conversations = new ConversationList(userId);
    chat.outbox = new Outbox(localStorage, userId);
    internals.hub = createHub({
        handlers: {
            [ClientEvents.messageReceived]: (message) => receive(chat, message),
            [ClientEvents.typingStarted]: (notice) => typingStarted(chat, notice),
            [ClientEvents.messagesDelivered]: (receipt) => {
                chat.conversations.applyDelivered(receipt);
                if (receipt.conversationId === chat.activeId) {
                    applyMemberReceipt(chat.members, receipt, 'delivered');
                }
            },
            [ClientEvents.messagesRead]: (receipt) => {
                chat.conversations.applyRead(receipt);
                if (receipt.conversationId === chat.activeId) {
                    applyMemberReceipt(chat.members, receipt, 'read');
                }
            },
            [ClientEvents.presenceChanged]: (notice) => chat.presence.noticed(notice),
            [ClientEvents.resyncRequested]: () => connected(chat),
        },
        onStateChanged: (state) => {
            chat.connectionState = state;
        },
        onConnected: () => connected(chat),
    });
    internals.sender = outboxSender({
        outbox: chat.outbox,
        send: (method, request) => internals.hub.invoke(method, request),
        isConnected: () => internals.hub.isConnected,
        onStored: (message) => receive(chat, message),
        onGivenUp: (_, error) => {
            chat.composerError = error;
        },
    });
    document.addEventListener('visibilitychange', () => markReadIfSeen(chat));
    document.addEventListener('keydown', (event) => onPageKey(chat, event));
    document.addEventListener('dragover', keepPageOnStrayDrop);
    document.addEventListener('drop', keepPageOnStrayDrop);
    // A click anywhere but in the open menu (or on its button) closes it. Where the click was is its path as
    // dispatched: the menu may have changed, and left the clicked button out of the page, by now.
    document.addEventListener('click', (event) => {
        const inMenu = event.composedPath().some((e) => e instanceof Element && e.matches('.chat-message-menu, .chat-menu-button'));
        if (chat.messageUi.menuKey && !inMenu) {
            closeMenu(chat, false);
        }
    });
    alpine(chat).$watch('unreadTotal', (unread) => {
        document.title = pageTitle(unread);
    });
    alpine(chat).$watch('sidebarItems', () => watchPresence(chat));
    setInterval(() => {
        chat.now = Date.now();
    }, NOW_TICKS_EVERY_MS);

    chat.limits = await loadLimits();
    // The hub connects even when these fail: the list loads again on connect, the people with the next search.
    await loadSidebar(chat);
    internals.hub.start();
}

/**
 * On every connect and reconnect: resend what waits, rejoin, and catch up on what was missed.
 * @param {ChatState} chat
 */
async function connected(chat) {
    const { hub, sender } = chat.internals;
    chat.internals.watched = ''; // a new connection follows nobody yet
    // The server answers the handshake before it registers the connection, and invocations only
    // after: once this one returns, every message is told live, so the catch-up below misses none.
    await watchPresence(chat);
    sendDeliveryReceipts(chat);
    sender.resendWaiting();
    if (chat.activeId && !chat.active?.isGone) {
        hub.invokeQuietly(HubMethods.joinConversation, chat.activeId);
        catchUpOpen(chat);
        if (chat.isGroupOpen) {
            loadMembers(chat, chat.activeId).catch(() => {});
        }
    }
    try {
        await loadConversations(chat);
    } catch {
        // Shown as it was; refreshed on the next connect.
    }
}

/**
 * The state with its methods; getters stay getters (a spread would read them once).
 * @template S, M
 * @param {S} state
 * @param {M & ThisType<S & M>} methods
 * @returns {S & M}
 */
function component(state, methods) {
    return Object.defineProperties(/** @type {S & M} */ (state), Object.getOwnPropertyDescriptors(methods));
}

/**
 * Actions as the component's methods: Alpine calls a method with the component as `this`, which the action
 * takes as its chat, before the arguments the markup gives.
 * @template {Record<string, (chat: ChatState, ...args: any[]) => unknown>} A
 * @param {A} actions
 * @returns {{ [K in keyof A]: A[K] extends (chat: ChatState, ...args: infer P) => infer R ? (...args: P) => R : never }}
 */
function asMethods(actions) {
    const methods = Object.entries(actions).map(([name, action]) => [name, /** @this {ChatState} @param {unknown[]} args */ function (...args) {
        return action(this, ...args);
    }]);
    return /** @type {any} */ (Object.fromEntries(methods));
}
