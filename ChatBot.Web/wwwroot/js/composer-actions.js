// @ts-check
// The composer's actions: what is written goes to the outbox and from there to the server, as a reply when
// one is being written, with the people it mentions and the files attached (once they have all uploaded);
// an edit is saved from here too. While it is written, the others hear that this person is typing, and "@"
// suggests the conversation's members.
import { isUploading, uploadedFiles } from './attachments.js';
import { alpine, ref } from './chat-state.js';
import { scrollToBottom, showLatest } from './conversation-actions.js';
import { HubMethods } from './contract.js';
import { cancelEdit, cancelReply, editLastMessage, saveEdit } from './message-actions.js';
import { insertMention, mentionedIds, mentionQuery } from './mentions.js';
import { draftProblem, newMessageId } from './outbox.js';
import { typingNoticeDue } from './presence.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./views.js').MessageView} MessageView */
/** @typedef {import('./mentions.js').Mentionable} Mentionable */

/** @param {ChatState} chat */
export function send(chat) {
    const body = chat.draft.trim();
    if (!chat.activeId || !chat.limits || chat.active?.isGone) {
        return;
    }
    if (!chat.editing && isUploading(chat.attachments)) {
        chat.composerError = 'The files are still uploading: the message can go once they have.';
        return;
    }
    // An edit changes the text only: the files attached wait for the next message.
    const files = chat.editing ? [] : uploadedFiles(chat.attachments);
    chat.composerError = draftProblem(body, chat.limits.maxMessageLength, files.length);
    if (chat.composerError) {
        return;
    }
    closeMentions(chat);
    if (chat.editing) {
        saveEdit(chat, body);
        return;
    }
    const mentions = mentionedIds(body, chat.mentionable.filter((p) => p.id !== chat.me.id));
    const withFiles = files.length > 0 ? { fileIds: files.map((f) => f.id), files } : {};
    const entry = chat.outbox.add(chat.activeId, body, newMessageId(), new Date(), { replyToSeq: chat.replying?.seq, mentions, ...withFiles });
    chat.draft = '';
    chat.attachments = []; // refused ones were never part of the message: they go with the rest
    chat.replying = null;
    chat.internals.lastTypingSentAt = 0;
    // What is sent goes after the newest messages: a window into the history gives way to them.
    if (chat.timeline?.hasNewer) {
        showLatest(chat).catch(() => {});
    } else {
        scrollToBottom(chat);
    }
    chat.internals.sender.deliver(entry.clientMessageId);
}

/**
 * The composer's keys. With suggestions shown: the arrows choose, Enter or Tab takes, Escape closes them.
 * Otherwise: Enter sends (or saves an edit); Shift+Enter, or Enter that ends a composition (an input
 * method's), is part of the text; Escape cancels an edit, else a reply; Up in an empty composer edits one's
 * last message.
 * @param {ChatState} chat
 * @param {KeyboardEvent} event
 */
export function onComposerKey(chat, event) {
    if (event.isComposing) {
        return;
    }
    const suggested = chat.suggestionViews;
    if (suggested.length > 0) {
        const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
        if (step) {
            event.preventDefault();
            chat.mention.index = (chat.mention.index + step + suggested.length) % suggested.length;
            return;
        }
        if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
            event.preventDefault();
            pickMention(chat, suggested[chat.mention.index].person);
            return;
        }
        if (event.key === 'Escape') {
            event.preventDefault();
            closeMentions(chat);
            return;
        }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send(chat);
    } else if (event.key === 'Escape' && (chat.editing || chat.replying)) {
        event.preventDefault();
        if (chat.editing) {
            cancelEdit(chat);
        } else {
            cancelReply(chat);
        }
    } else if (event.key === 'ArrowUp' && chat.draft === '' && !chat.editing && editLastMessage(chat)) {
        event.preventDefault();
    }
}

/**
 * @param {ChatState} chat
 * @param {InputEvent} event
 */
export function onDraftInput(chat, event) {
    chat.composerError = '';
    const field = /** @type {HTMLTextAreaElement} */ (event.target);
    const typed = mentionQuery(chat.draft, field.selectionStart);
    const index = typed && chat.mention.open && typed.start === chat.mention.start ? chat.mention.index : 0;
    chat.mention = typed ? { open: true, start: typed.start, query: typed.query, index } : { open: false, start: 0, query: '', index: 0 };
    if (chat.mention.index >= chat.suggestionViews.length) {
        chat.mention.index = 0;
    }
    const { hub } = chat.internals;
    const now = Date.now();
    if (chat.activeId && !chat.active?.isGone && !chat.editing && chat.draft.trim() && typingNoticeDue(chat.internals.lastTypingSentAt, now) && hub.isConnected) {
        chat.internals.lastTypingSentAt = now;
        hub.invokeQuietly(HubMethods.typing, chat.activeId);
    }
}

/**
 * A suggestion taken: "@Name " in place of what was typed, the caret after it.
 * @param {ChatState} chat
 * @param {Mentionable} person
 */
export function pickMention(chat, person) {
    const { start, query } = chat.mention;
    const { text, caret } = insertMention(chat.draft, { start, query }, start + 1 + query.length, person);
    chat.draft = text;
    closeMentions(chat);
    alpine(chat).$nextTick(() => {
        const field = /** @type {HTMLTextAreaElement | null} */ (ref(chat, 'composer'));
        field?.focus();
        field?.setSelectionRange(caret, caret);
    });
}

/** @param {ChatState} chat */
export function closeMentions(chat) {
    chat.mention = { open: false, start: 0, query: '', index: 0 };
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
