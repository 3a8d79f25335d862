// @ts-check
// The actions on one message: its menu (the pointer's "⋯" or right click, a long press, or the keyboard:
// Enter or the context-menu key on the message, arrows from message to message), replying to it, reacting to
// it, editing and deleting it, copying its text, and going to the message a reply answers. A change goes
// to the outbox, and from there to the server, as a message does.
import { alpine, ref } from './chat-state.js';
import { showMessage } from './conversation-actions.js';
import { newMessageId } from './outbox.js';
import { reactionProblem } from './reactions.js';
import { oneLine, REPLY_EXCERPT_LENGTH, shortened } from './views.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./views.js').MessageView} MessageView */
/** @typedef {import('./outbox.js').OutboxKind} OutboxKind */

/**
 * The element of a message, by its key.
 * @param {ChatState} chat
 * @param {string} key
 * @returns {HTMLElement | null}
 */
const messageElement = (chat, key) => chat.internals.root.querySelector(`.chat-message[data-key="${CSS.escape(key)}"]`);

/**
 * After the next render, the focus goes to the first button the message's menu shows.
 * @param {ChatState} chat
 * @param {string} key
 * @param {string} selector
 */
function focusInMenu(chat, key, selector = 'button') {
    alpine(chat).$nextTick(() => {
        const menu = messageElement(chat, key)?.querySelector('.chat-message-menu');
        const choices = [.../** @type {NodeListOf<HTMLElement>} */ (menu?.querySelectorAll(selector) ?? [])];
        choices.find((element) => element.offsetParent !== null)?.focus();
    });
}

/**
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function openMenu(chat, message) {
    Object.assign(chat.messageUi, { menuKey: message.key, confirmingDelete: false, picking: false, focusKey: message.key });
    chat.reactionDraft = '';
    focusInMenu(chat, message.key);
}

/**
 * Closes the open menu; the keyboard's place goes back to its message.
 * @param {ChatState} chat
 * @param {boolean} [refocus] whether the focus goes back to the message (not when it goes on elsewhere)
 */
export function closeMenu(chat, refocus = true) {
    const key = chat.messageUi.menuKey;
    Object.assign(chat.messageUi, { menuKey: '', confirmingDelete: false, picking: false });
    if (key && refocus) {
        alpine(chat).$nextTick(() => messageElement(chat, key)?.focus());
    }
}

/**
 * The "⋯" button: opens the menu, or closes it when it is open.
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function toggleMenu(chat, message) {
    if (chat.messageUi.menuKey === message.key) {
        closeMenu(chat);
    } else {
        openMenu(chat, message);
    }
}

/**
 * The keyboard on a message: Enter, Space, the context-menu key or Shift+F10 open its menu; the arrows, Home
 * and End go to another message; Escape closes the menu.
 * @param {ChatState} chat
 * @param {MessageView} message
 * @param {KeyboardEvent} event
 */
export function onMessageKey(chat, message, event) {
    if (event.key === 'Escape' && chat.messageUi.menuKey === message.key) {
        event.preventDefault();
        closeMenu(chat);
        return;
    }
    if (event.target !== event.currentTarget || message.isEvent) {
        return; // a key on a button or a link inside the message is theirs
    }
    const opens = event.key === 'Enter' || event.key === ' ' || event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);
    const moves = { ArrowUp: -1, ArrowDown: 1, Home: -Infinity, End: Infinity }[event.key];
    if (opens && message.hasMenu) {
        event.preventDefault();
        openMenu(chat, message);
    } else if (moves) {
        event.preventDefault();
        const messages = [.../** @type {NodeListOf<HTMLElement>} */ (chat.internals.root.querySelectorAll('.chat-message[tabindex]'))];
        const here = messages.indexOf(/** @type {HTMLElement} */ (event.currentTarget));
        const next = messages[Math.max(0, Math.min(messages.length - 1, here + moves))];
        next?.focus();
        next?.scrollIntoView({ block: 'nearest' });
    }
}

/**
 * The keyboard's place among the messages follows the focus while it is there.
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function onMessageFocus(chat, message) {
    if (chat.messageUi.focusKey !== message.key) {
        chat.messageUi.focusKey = message.key;
    }
}

/**
 * The focus leaves the messages: coming back with Tab, it goes to the newest.
 * @param {ChatState} chat
 * @param {FocusEvent} event
 */
export function onMessagesFocusOut(chat, event) {
    const pane = /** @type {HTMLElement} */ (event.currentTarget);
    if (!(event.relatedTarget instanceof Node && pane.contains(event.relatedTarget))) {
        chat.messageUi.focusKey = '';
    }
}

/**
 * A right click, or a long press on a touch screen, opens the message's menu; on a link or selected text,
 * the browser's own menu stays.
 * @param {ChatState} chat
 * @param {MessageView} message
 * @param {MouseEvent} event
 */
export function onMessageContextMenu(chat, message, event) {
    const onLink = event.target instanceof Element && event.target.closest('a');
    if (!message.hasMenu || onLink || (window.getSelection()?.toString() ?? '') !== '') {
        return;
    }
    event.preventDefault();
    openMenu(chat, message);
}

/**
 * The composer's next message answers this one.
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function replyTo(chat, message) {
    closeMenu(chat, false);
    stopEditing(chat);
    const said = oneLine(chat.internals.markdown.plain(message.text)) || message.filesText;
    const excerpt = shortened(said, chat.limits?.replyExcerptLength ?? REPLY_EXCERPT_LENGTH);
    chat.replying = { seq: Number(message.seq), sender: message.mine ? 'You' : message.sender || chat.nameOf(senderOf(chat, message)), excerpt };
    focusComposer(chat);
}

/** @param {ChatState} chat */
export function cancelReply(chat) {
    chat.replying = null;
    focusComposer(chat);
}

/**
 * The message's text goes to the composer, to be changed there (Enter saves, Escape cancels); what was
 * being written is set aside meanwhile.
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function startEdit(chat, message) {
    closeMenu(chat, false);
    chat.replying = null;
    const draftBefore = chat.editing ? chat.editing.draftBefore : chat.draft;
    chat.editing = { key: message.key, seq: Number(message.seq), draftBefore };
    chat.draft = message.text;
    chat.composerError = '';
    focusComposer(chat);
}

/**
 * Editing ends without a change: the draft set aside comes back.
 * @param {ChatState} chat
 */
export function cancelEdit(chat) {
    stopEditing(chat);
    focusComposer(chat);
}

/** @param {ChatState} chat */
function stopEditing(chat) {
    if (chat.editing) {
        chat.draft = chat.editing.draftBefore;
        chat.editing = null;
    }
}

/**
 * The edit is saved: it goes to the outbox; the message shows its new text at once.
 * @param {ChatState} chat
 * @param {string} body trimmed, already checked
 */
export function saveEdit(chat, body) {
    const editing = chat.editing;
    if (!editing) {
        return;
    }
    const original = chat.timeline?.find(editing.seq);
    chat.draft = editing.draftBefore;
    chat.editing = null;
    if (original && original.body !== body) {
        queue(chat, 'edit', editing.seq, body);
    }
    focusComposer(chat);
}

/**
 * Up in an empty composer edits one's last message.
 * @param {ChatState} chat
 * @returns {boolean} whether there was one
 */
export function editLastMessage(chat) {
    const last = [...chat.messageViews].reverse().find((m) => m.canEdit);
    if (last) {
        startEdit(chat, last);
    }
    return Boolean(last);
}

/**
 * Deleting asks once, in the menu: "Delete for everyone?"
 * @param {ChatState} chat
 */
export function askDelete(chat) {
    chat.messageUi.confirmingDelete = true;
    focusInMenu(chat, chat.messageUi.menuKey, '[data-testid="confirm-delete"]');
}

/**
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function deleteMessage(chat, message) {
    closeMenu(chat);
    if (chat.editing?.key === message.key) {
        stopEditing(chat);
    }
    queue(chat, 'delete', Number(message.seq), '');
}

/**
 * The reaction picker: six common emoji, and a field for any one emoji.
 * @param {ChatState} chat
 */
export function openPicker(chat) {
    chat.messageUi.picking = true;
    focusInMenu(chat, chat.messageUi.menuKey);
}

/**
 * Reacts from the picker: adds this person's emoji, or takes it back when it was there.
 * @param {ChatState} chat
 * @param {MessageView} message
 * @param {string} emoji
 */
export function react(chat, message, emoji) {
    if (toggleReaction(chat, message, emoji)) {
        closeMenu(chat);
    }
}

/**
 * The emoji typed in the picker.
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function reactWithTyped(chat, message) {
    react(chat, message, chat.reactionDraft.trim());
}

/**
 * Adds this person's reaction, or takes it back (a click on the reaction's count does the same).
 * @param {ChatState} chat
 * @param {MessageView} message
 * @param {string} emoji
 * @returns {boolean} whether it went to the outbox
 */
export function toggleReaction(chat, message, emoji) {
    chat.composerError = reactionProblem(message.reactions.map((r) => r.emoji), emoji, chat.limits?.maxReactions ?? Infinity);
    if (chat.composerError || !message.canReply) {
        return false;
    }
    queue(chat, 'reaction', Number(message.seq), emoji);
    return true;
}

/**
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export async function copyText(chat, message) {
    closeMenu(chat);
    try {
        await copy(message.text);
        chat.announcement = 'Copied';
    } catch {
        chat.composerError = 'The text could not be copied.';
    }
}

/**
 * A reply's quote: the original is shown, with the history around it when it is not loaded, and stands out
 * a moment.
 * @param {ChatState} chat
 * @param {MessageView} message the reply
 */
export function showOriginal(chat, message) {
    return showMessage(chat, message.replySeq);
}

/**
 * A change to the message at seq: to the outbox, then the server.
 * @param {ChatState} chat
 * @param {Exclude<OutboxKind, 'text'>} kind
 * @param {number} seq
 * @param {string} body
 */
function queue(chat, kind, seq, body) {
    if (!chat.activeId || chat.active?.isGone) {
        return;
    }
    const entry = chat.outbox.add(chat.activeId, body, newMessageId(), new Date(), { kind, seq });
    chat.internals.sender.deliver(entry.clientMessageId);
}

/**
 * @param {ChatState} chat
 * @param {MessageView} message
 */
function senderOf(chat, message) {
    return chat.timeline?.find(Number(message.seq))?.senderId ?? '';
}

/**
 * After the next render, the focus goes to the composer. Found now: what was clicked may be gone by then, and
 * Alpine looks for the composer from there.
 * @param {ChatState} chat
 */
function focusComposer(chat) {
    alpine(chat).$nextTick(() => ref(chat, 'composer')?.focus());
}

/**
 * The clipboard; where the page is not a secure context it has none, and the older way still works.
 * @param {string} text
 */
async function copy(text) {
    if (navigator.clipboard) {
        await navigator.clipboard.writeText(text);
        return;
    }
    const field = document.createElement('textarea');
    field.value = text;
    document.body.append(field);
    field.select();
    const copied = document.execCommand('copy');
    field.remove();
    if (!copied) {
        throw new Error('Not copied.');
    }
}
