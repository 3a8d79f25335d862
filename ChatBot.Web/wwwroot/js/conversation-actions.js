// @ts-check
// The open conversation's actions: opening and closing it, paging back, taking messages in (live and
// caught up), marking what is read and delivered, and keeping the pane scrolled where the person is.
import { api } from './api.js';
import { HubMethods } from './contract.js';
import { alpine } from './chat-state.js';
import { fetchConversation, loadMembers, noteDelivered, watchPresence } from './shared-actions.js';
import { isChange } from './changes.js';
import { applyGroupEvent, isEvent, isGroup, noteNamesCarried } from './groups.js';
import { shouldNotify } from './notifier.js';
import { TYPING_SHOWN_FOR_MS } from './presence.js';
import { markRead } from './receipts.js';
import { catchUp, Timeline } from './timeline.js';
import * as views from './views.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./contract.js').Message} Message */

const GAP_WAIT_MS = 400; // messages of one conversation may arrive out of order: wait a moment before fetching
const BOTTOM_SLACK_PX = 48;
const LOAD_OLDER_AT_PX = 64;
const PHONE = '(max-width: 768px)'; // Bulma's mobile breakpoint: one pane at a time
const NOTIFIED_LENGTH = 120;

/**
 * @param {ChatState} chat
 * @param {string} conversationId
 */
export async function openConversation(chat, conversationId) {
    if (chat.activeId && chat.activeId !== conversationId) {
        chat.internals.hub.invokeQuietly(HubMethods.leaveConversation, chat.activeId);
    }
    chat.activeId = conversationId;
    chat.timeline = new Timeline(conversationId);
    chat.composerError = '';
    chat.atBottom = true;
    chat.members = [];
    chat.membersOpen = false;
    chat.readersShown = '';
    resetMessageUi(chat);
    if (isGroup(chat.active)) {
        loadMembers(chat, conversationId).then(() => watchPresence(chat)).catch(() => {});
    }
    if (chat.internals.hub.isConnected) {
        chat.internals.hub.invokeQuietly(HubMethods.joinConversation, conversationId);
    }
    // Where a keyboard or screen reader user goes on: the composer; on a phone, where the list was, the heading.
    alpine(chat).$nextTick(() => {
        const { composer, heading } = alpine(chat).$refs;
        (window.matchMedia(PHONE).matches ? heading : composer)?.focus();
    });

    /** @type {Message[]} */
    const page = await api(`/api/conversations/${conversationId}/messages?limit=${chat.limits?.historyPageSize}`);
    noteNamesCarried(chat.names, page);
    const timeline = chat.timeline;
    if (timeline?.conversationId === conversationId) {
        timeline.begin(page);
        accept(chat, []);
        scrollToBottom(chat);
    }
}

/**
 * Back to the list (on a phone), to the person whose conversation it was.
 * @param {ChatState} chat
 */
export function closeConversation(chat) {
    const closed = chat.activeId;
    if (closed) {
        chat.internals.hub.invokeQuietly(HubMethods.leaveConversation, closed);
    }
    chat.activeId = null;
    chat.timeline = null;
    chat.members = [];
    chat.membersOpen = false;
    resetMessageUi(chat);
    alpine(chat).$nextTick(() => {
        /** @type {HTMLElement | null} */ (chat.internals.root.querySelector(`.chat-person[data-conversation-id="${closed}"]`))?.focus();
    });
}

/**
 * What was going on with the messages of a conversation ends with it: an edit (its draft comes back), a
 * reply, a menu.
 * @param {ChatState} chat
 */
function resetMessageUi(chat) {
    if (chat.editing) {
        chat.draft = chat.editing.draftBefore;
        chat.editing = null;
    }
    chat.replying = null;
    Object.assign(chat.messageUi, { menuKey: '', confirmingDelete: false, picking: false, focusKey: '', highlightedSeq: 0 });
}

/**
 * The page of history before what is shown, kept where the person is reading; one page at a time (a second
 * call meanwhile waits for the same one). A page of only changes is passed by, to the next.
 * @param {ChatState} chat
 * @returns {Promise<void>}
 */
export function loadOlder(chat) {
    const t = chat.timeline;
    const pane = alpine(chat).$refs.messages;
    if (!t || !pane || !t.hasOlder || t.oldestSeq === null) {
        return Promise.resolve();
    }
    chat.internals.olderPage ??= (async () => {
        try {
            for (let added = 0; added === 0 && t.hasOlder && chat.timeline === t;) {
                /** @type {Message[]} */
                const page = await api(`/api/conversations/${t.conversationId}/messages?before=${t.oldestSeq}&limit=${chat.limits?.historyPageSize}`);
                noteNamesCarried(chat.names, page);
                if (chat.timeline === t) {
                    const heightBefore = pane.scrollHeight;
                    added = t.prepend(page);
                    alpine(chat).$nextTick(() => {
                        pane.scrollTop += pane.scrollHeight - heightBefore;
                    });
                }
            }
        } finally {
            chat.internals.olderPage = null;
        }
    })();
    return chat.internals.olderPage;
}

/**
 * Rows for the open conversation: shown in seq order; a gap is waited on briefly, then filled.
 * @param {ChatState} chat
 * @param {Message[]} messages
 */
function accept(chat, messages) {
    const t = chat.timeline;
    if (!t) {
        return;
    }
    // A new message, or a change that makes one taller (an edit, a first reaction), keeps the bottom in view.
    const [stick, before] = [chat.atBottom, t.lastSeq];
    t.accept(messages);
    if (stick && t.lastSeq !== before) {
        scrollToBottom(chat);
    }
    if (t.hasGap && !chat.internals.gapTimer) {
        chat.internals.gapTimer = window.setTimeout(() => {
            chat.internals.gapTimer = 0;
            catchUpOpen(chat);
        }, GAP_WAIT_MS);
    }
    markReadIfSeen(chat);
}

/**
 * Fetches what the open conversation is missing after the last message shown.
 * @param {ChatState} chat
 */
export async function catchUpOpen(chat) {
    const t = chat.timeline;
    if (!t || !chat.internals.hub.isConnected || !chat.limits) {
        return;
    }
    const stick = chat.atBottom;
    /** @type {import('./timeline.js').FetchAfter} */
    const fetchAfter = (id, after, limit) => chat.internals.hub.invoke(HubMethods.getMessagesAfter, id, after, limit);
    const before = t.lastSeq;
    await catchUp(t, fetchAfter, chat.limits.maxPageSize, (page) => page.forEach((m) => noteStored(chat, m)));
    if (stick && t.lastSeq !== before) {
        scrollToBottom(chat);
    }
    accept(chat, []);
}

/**
 * A message from the hub: live, or the acknowledgement of one's own.
 * @param {ChatState} chat
 * @param {Message} message
 */
export async function receive(chat, message) {
    const conversation = await chat.conversations.getOrFetch(message.conversationId, (id) => fetchConversation(chat, id));
    noteStored(chat, message);
    if (isEvent(message) && conversation.id === chat.activeId) {
        if (conversation.isGone) {
            chat.membersOpen = false; // nothing more can be done in the group
        } else {
            loadMembers(chat, conversation.id).catch(() => {});
        }
    }
    const isOpen = message.conversationId === chat.activeId;
    const nameOf = (/** @type {string} */ id) => chat.nameOf(id);
    const { plain } = chat.internals.markdown;
    if (message.senderId === chat.me.id) {
        chat.outbox.acknowledge(message.clientMessageId);
    } else if (isChange(message)) {
        // An edit or a deletion in the open conversation is said; a reaction is not.
        const said = isOpen ? views.changeAnnouncement(message, conversation.peer ? () => conversation.peer?.displayName ?? '' : nameOf, plain) : '';
        chat.announcement = said || chat.announcement;
    } else {
        chat.typing.stopped(message.conversationId, message.senderId);
        chat.announcement = views.announcement(message, conversation, isOpen, nameOf, chat.me.id, plain);
        const mentionsMe = !isEvent(message) && (message.mentions ?? []).includes(chat.me.id);
        const { notifier } = chat.internals;
        if (!isEvent(message) && shouldNotify({ mine: false, hidden: document.visibilityState === 'hidden', permission: notifier.permission, mentionsMe, isOpen })) {
            const sender = conversation.peer ? conversation.peer.displayName : chat.nameOf(message.senderId);
            const where = conversation.peer ? '' : ` in ${conversation.name}`;
            // A mention's notification has a tag of its own: the conversation's next message does not replace it.
            const [title, tag] = mentionsMe ? [`${sender} mentioned you${where}`, `${conversation.id}:mention`] : [`${sender}${where}`, conversation.id];
            notifier.show(title, views.shortened(views.oneLine(plain(message.body)), NOTIFIED_LENGTH), tag, () => openConversation(chat, conversation.id));
        }
    }
    if (message.conversationId === chat.activeId) {
        accept(chat, [message]);
    }
}

/**
 * A message is stored and this device has it: its conversation counts it (and takes in what a group's
 * event changes, and the names it carries), the server hears it was delivered.
 * @param {ChatState} chat
 * @param {Message} message
 */
function noteStored(chat, message) {
    noteNamesCarried(chat.names, [message]);
    const conversation = chat.conversations.find(message.conversationId);
    if (conversation && isEvent(message)) {
        applyGroupEvent(conversation, message, chat.me.id);
    }
    chat.conversations.applyMessage(message);
    if (message.senderId !== chat.me.id) {
        noteDelivered(chat, message.conversationId, message.seq);
    }
}

/**
 * @param {ChatState} chat
 */
export function markReadIfSeen(chat) {
    const [c, seq] = [chat.active, chat.timeline?.lastSeq];
    if (!c || c.isGone || seq == null || !chat.atBottom || document.visibilityState !== 'visible') {
        return;
    }
    if (markRead(c, seq) && chat.internals.hub.isConnected) {
        chat.internals.hub.invokeQuietly(HubMethods.markRead, c.id, seq);
    }
}

/**
 * @param {ChatState} chat
 * @param {import('./contract.js').TypingNotice} notice
 */
export function typingStarted(chat, notice) {
    if (notice.userId !== chat.me.id) {
        chat.typing.started(notice, Date.now());
        setTimeout(() => chat.typing.expire(Date.now()), TYPING_SHOWN_FOR_MS + 50);
    }
}

/**
 * @param {ChatState} chat
 */
export function onScroll(chat) {
    const pane = alpine(chat).$refs.messages;
    if (!pane) {
        return;
    }
    chat.atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < BOTTOM_SLACK_PX;
    if (pane.scrollTop < LOAD_OLDER_AT_PX) {
        loadOlder(chat).catch(() => {});
    }
    markReadIfSeen(chat);
}

/**
 * @param {ChatState} chat
 */
export function scrollToBottom(chat) {
    alpine(chat).$nextTick(() => {
        const pane = alpine(chat).$refs.messages;
        if (pane) {
            pane.scrollTop = pane.scrollHeight;
            chat.atBottom = true;
            markReadIfSeen(chat);
        }
    });
}
