// @ts-check
// The composer's actions: what is written goes to the outbox and from there to the server; while it is
// written, the others hear that this person is typing.
import { scrollToBottom } from './conversation-actions.js';
import { HubMethods } from './contract.js';
import { draftProblem, newMessageId } from './outbox.js';
import { typingNoticeDue } from './presence.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./views.js').MessageView} MessageView */

/** @param {ChatState} chat */
export function send(chat) {
    const body = chat.draft.trim();
    if (!chat.activeId || !chat.limits || chat.active?.isGone) {
        return;
    }
    chat.composerError = draftProblem(body, chat.limits.maxMessageLength);
    if (chat.composerError) {
        return;
    }
    const entry = chat.outbox.add(chat.activeId, body, newMessageId(), new Date());
    chat.draft = '';
    chat.internals.lastTypingSentAt = 0;
    scrollToBottom(chat);
    chat.internals.sender.deliver(entry.clientMessageId);
}

/**
 * Enter sends; Shift+Enter, or Enter that ends a composition (an input method's), is part of the text.
 * @param {ChatState} chat
 * @param {KeyboardEvent} event
 */
export function onEnter(chat, event) {
    if (!event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send(chat);
    }
}

/** @param {ChatState} chat */
export function onDraftInput(chat) {
    chat.composerError = '';
    const { hub } = chat.internals;
    const now = Date.now();
    if (chat.activeId && !chat.active?.isGone && chat.draft.trim() && typingNoticeDue(chat.internals.lastTypingSentAt, now) && hub.isConnected) {
        chat.internals.lastTypingSentAt = now;
        hub.invokeQuietly(HubMethods.typing, chat.activeId);
    }
}

/**
 * A message refused for good goes again, as it was written, when the person asks.
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function retry(chat, message) {
    chat.outbox.retry(message.clientMessageId);
    chat.internals.sender.deliver(message.clientMessageId);
}
