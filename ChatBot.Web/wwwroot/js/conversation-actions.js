// @ts-check
// The open conversation's actions: opening and closing it (at its newest messages, its first unread one or a
// message asked for), paging back and down, going to a message and back to the newest, taking messages in
// (live and caught up), marking what is read as it comes into view and what is delivered, and keeping the
// pane scrolled where the person is.
import { api } from './api.js';
import { HubMethods } from './contract.js';
import { alpine, ref } from './chat-state.js';
import { fetchConversation, loadMembers, noteDelivered, watchPresence } from './shared-actions.js';
import { isChange } from './changes.js';
import { applyGroupEvent, isEvent, isGroup, noteNamesCarried } from './groups.js';
import { shouldNotify } from './notifier.js';
import { TYPING_SHOWN_FOR_MS } from './presence.js';
import { lastRowInView, markRead } from './receipts.js';
import { catchUp, Timeline } from './timeline.js';
import * as views from './views.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./contract.js').Message} Message */

const GAP_WAIT_MS = 400; // messages of one conversation may arrive out of order: wait a moment before fetching
const BOTTOM_SLACK_PX = 48;
const LOAD_OLDER_AT_PX = 64;
const LOAD_NEWER_AT_PX = 64;
const HIGHLIGHT_MS = 2500; // a message gone to stands out for a moment
export const PHONE = '(max-width: 768px)'; // Bulma's mobile breakpoint: one pane at a time
const NOTIFIED_LENGTH = 120;

/**
 * Opens a conversation: at the message asked for (which stands out and takes the focus), else at its first
 * unread row (under the "New messages" line), else at its newest.
 * @param {ChatState} chat
 * @param {string} conversationId
 * @param {number} [at] the seq of a message to open it at
 */
export async function openConversation(chat, conversationId, at = 0) {
    if (chat.activeId && chat.activeId !== conversationId) {
        chat.internals.hub.invokeQuietly(HubMethods.leaveConversation, chat.activeId);
        dropAttachments(chat);
    }
    chat.activeId = conversationId;
    chat.timeline = new Timeline(conversationId);
    chat.composerError = '';
    chat.members = [];
    chat.membersOpen = false;
    chat.readersShown = '';
    resetMessageUi(chat);
    const opened = chat.active;
    chat.unreadFrom = !at && opened && opened.unreadCount > 0 ? Math.max(opened.lastReadSeq + 1, opened.joinedSeq ?? 0) : 0;
    const around = at || chat.unreadFrom;
    chat.atBottom = !around; // where it will be: what comes before it is, keeps it there or not
    if (isGroup(chat.active)) {
        loadMembers(chat, conversationId).then(() => watchPresence(chat)).catch(() => {});
    }
    if (chat.internals.hub.isConnected) {
        chat.internals.hub.invokeQuietly(HubMethods.joinConversation, conversationId);
    }
    // Where a keyboard or screen reader user goes on: the composer; on a phone, where the list was, the heading.
    alpine(chat).$nextTick(() => {
        ref(chat, window.matchMedia(PHONE).matches ? 'heading' : 'composer')?.focus();
    });

    const timeline = chat.timeline;
    const page = await historyPage(chat, conversationId, around);
    if (chat.timeline !== timeline) {
        return;
    }
    timeline.begin(page, newestPast(chat, page, around));
    accept(chat, []);
    if (at) {
        standOut(chat, at);
    } else if (around) {
        chat.announcement = views.unreadAnnouncement(opened?.unreadCount ?? 0);
        scrollToUnread(chat);
    } else {
        scrollToBottom(chat);
    }
}

/**
 * A page of the conversation's history: the newest, or the window around a seq.
 * @param {ChatState} chat
 * @param {string} conversationId
 * @param {number} around the seq; 0 for the newest
 * @returns {Promise<Message[]>}
 */
async function historyPage(chat, conversationId, around) {
    const at = around ? `around=${around}&` : '';
    /** @type {Message[]} */
    const page = await api(`/api/conversations/${conversationId}/messages?${at}limit=${chat.limits?.historyPageSize}`);
    noteNamesCarried(chat.names, page);
    return page;
}

/**
 * The newest seq there may be past a page around a seq: none when the page came back short (it holds the
 * history to its newest end), else the newest this page knows of in the conversation.
 * @param {ChatState} chat
 * @param {Message[]} page
 * @param {number} around
 */
function newestPast(chat, page, around) {
    const short = page.length < (chat.limits?.historyPageSize ?? Infinity);
    return around && !short ? chat.conversations.find(page[0].conversationId)?.lastSeq ?? 0 : 0;
}

/**
 * The open conversation starts again from a page (the window around a message, or its newest): nothing
 * on its way for the one before is taken in. At the newest end, what came while the page was on its way
 * is caught up.
 * @param {ChatState} chat
 * @param {Message[]} page
 * @param {number} newestSeq as Timeline.begin takes it
 */
function startAgain(chat, page, newestSeq) {
    const t = new Timeline(/** @type {Timeline} */ (chat.timeline).conversationId);
    t.begin(page, newestSeq);
    chat.timeline = t;
    accept(chat, []);
    if (!t.hasNewer) {
        catchUpOpen(chat);
    }
}

/**
 * Goes to a message of the open conversation: the window around it is loaded when it is not; it is
 * scrolled to, stands out a moment, and takes the focus.
 * @param {ChatState} chat
 * @param {number} seq
 */
export async function showMessage(chat, seq) {
    const t = chat.timeline;
    if (!t?.isLoaded || seq < (chat.active?.joinedSeq ?? 0)) {
        return; // from before this person joined: not theirs to see
    }
    if (!t.find(seq)) {
        const page = await historyPage(chat, t.conversationId, seq);
        if (chat.timeline !== t) {
            return;
        }
        chat.atBottom = false; // what is caught up does not take the pane from the message
        startAgain(chat, page, newestPast(chat, page, seq));
    }
    standOut(chat, seq);
}

/**
 * The "Jump to the latest" button: back to the newest messages, and the focus to the newest.
 * @param {ChatState} chat
 */
export async function jumpToLatest(chat) {
    await showLatest(chat);
    alpine(chat).$nextTick(() => {
        const messages = chat.internals.root.querySelectorAll('.chat-message[tabindex]');
        /** @type {HTMLElement | undefined} */ (messages[messages.length - 1])?.focus({ preventScroll: true });
    });
}

/**
 * Back to the newest messages: the newest page in place of a window into the history, scrolled to the bottom.
 * @param {ChatState} chat
 */
export async function showLatest(chat) {
    const t = chat.timeline;
    if (!t?.isLoaded) {
        return;
    }
    chat.atBottom = true; // where it goes: what comes meanwhile, or is caught up, keeps it there
    if (t.hasNewer) {
        const page = await historyPage(chat, t.conversationId, 0);
        if (chat.timeline !== t) {
            return;
        }
        startAgain(chat, page, 0);
    }
    scrollToBottom(chat);
}

/**
 * The message at seq, loaded, is scrolled to the middle of the pane, stands out a moment and takes the focus.
 * @param {ChatState} chat
 * @param {number} seq
 */
function standOut(chat, seq) {
    const found = chat.timeline?.find(seq);
    if (found) {
        chat.messageUi.highlightedSeq = seq;
        window.clearTimeout(chat.internals.highlightTimer);
        chat.internals.highlightTimer = window.setTimeout(() => {
            chat.messageUi.highlightedSeq = 0;
        }, HIGHLIGHT_MS);
    }
    alpine(chat).$nextTick(() => {
        chat.internals.positioned = chat.timeline;
        const element = found ? /** @type {HTMLElement | null} */ (chat.internals.root.querySelector(`.chat-message[data-seq="${seq}"]`)) : null;
        element?.scrollIntoView({ block: 'center' });
        element?.focus({ preventScroll: true });
        onScroll(chat);
    });
}

/**
 * The "New messages" line goes to the top of the pane (or as near as the pane scrolls); what then shows is
 * read, the rest as the person scrolls to it.
 * @param {ChatState} chat
 */
function scrollToUnread(chat) {
    alpine(chat).$nextTick(() => {
        const divider = chat.internals.root.querySelector('.chat-unread-divider');
        if (divider) {
            chat.internals.positioned = chat.timeline;
            divider.scrollIntoView({ block: 'start' });
            onScroll(chat);
        } else {
            scrollToBottom(chat);
        }
    });
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
    dropAttachments(chat);
    resetMessageUi(chat);
    alpine(chat).$nextTick(() => {
        /** @type {HTMLElement | null} */ (chat.internals.root.querySelector(`.chat-person[data-conversation-id="${closed}"]`))?.focus();
    });
}

/**
 * The files attached were for the next message of the conversation left: they never go to another one.
 * Those still uploading stop.
 * @param {ChatState} chat
 */
function dropAttachments(chat) {
    chat.internals.uploads.forEach((cancel) => cancel());
    chat.internals.uploads.clear();
    chat.attachments = [];
}

/**
 * What was going on with the messages of a conversation ends with it: an edit (its draft comes back), a
 * reply, a menu, the picture viewer.
 * @param {ChatState} chat
 */
function resetMessageUi(chat) {
    chat.viewer.open = false;
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
    const pane = ref(chat, 'messages');
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
                    const anchor = pane.querySelector('[data-seq]');
                    const anchorTop = anchor?.getBoundingClientRect().top ?? 0;
                    const heightBefore = pane.scrollHeight;
                    added = t.prepend(page);
                    // The place is kept before the next page may load: a scroll event in between would find the
                    // pane at its top, with the new page's first rows showing, and load one more nobody asked for.
                    await alpine(chat).$nextTick();
                    // The reader's first row is put back where it was, by how far it moved: away from the very
                    // top, the browser's own scroll anchoring has kept it in place already.
                    pane.scrollTop += anchor?.isConnected
                        ? anchor.getBoundingClientRect().top - anchorTop
                        : pane.scrollHeight - heightBefore;
                }
            }
        } finally {
            chat.internals.olderPage = null;
        }
    })();
    return chat.internals.olderPage;
}

/**
 * The page of history after what a window shows, below where the person is reading; one page at a time.
 * A short page reaches the newest rows: from there on, they come live.
 * @param {ChatState} chat
 * @returns {Promise<void>}
 */
export function loadNewer(chat) {
    const t = chat.timeline;
    if (!t || !t.hasNewer || t.lastSeq === null) {
        return Promise.resolve();
    }
    chat.internals.newerPage ??= (async () => {
        try {
            const pageSize = chat.limits?.historyPageSize ?? 0;
            for (let added = 0; added === 0 && t.hasNewer && chat.timeline === t;) {
                /** @type {Message[]} */
                const page = await api(`/api/conversations/${t.conversationId}/messages?after=${t.lastSeq}&limit=${pageSize}`);
                noteNamesCarried(chat.names, page);
                if (chat.timeline === t) {
                    added = t.append(page, page.length < pageSize).length;
                    accept(chat, []);
                }
            }
        } finally {
            chat.internals.newerPage = null;
        }
    })();
    return chat.internals.newerPage;
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
    // A new message, or a change that makes one taller (an edit, a first reaction), keeps the bottom in view;
    // a window's bottom is not the newest, and stays where it is.
    const [stick, before] = [chat.atBottom && !t.hasNewer, t.lastSeq];
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
    alpine(chat).$nextTick(() => markReadIfSeen(chat));
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
            notifier.show(title, views.shortened(views.messageLine(message, plain), NOTIFIED_LENGTH), tag, () => openConversation(chat, conversation.id));
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
 * What the person has read moves as rows come into view: up to the lowest row they see, while the tab is
 * shown.
 * @param {ChatState} chat
 */
export function markReadIfSeen(chat) {
    const [c, t, pane] = [chat.active, chat.timeline, ref(chat, 'messages')];
    if (!c || c.isGone || !t?.isLoaded || !pane || !isPositioned(chat) || document.visibilityState !== 'visible') {
        return;
    }
    const rows = /** @type {NodeListOf<HTMLElement>} */ (pane.querySelectorAll('.chat-message[data-seq]:not([data-seq=""])'));
    const lowest = lastRowInView(rows.length, (i) => rows[i].getBoundingClientRect(), pane.getBoundingClientRect());
    if (lowest < 0) {
        return;
    }
    const seq = t.readUpTo(Number(rows[lowest].dataset.seq));
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
    const pane = ref(chat, 'messages');
    if (!pane || !isPositioned(chat)) {
        return;
    }
    const below = pane.scrollHeight - pane.scrollTop - pane.clientHeight;
    chat.atBottom = below < BOTTOM_SLACK_PX;
    if (pane.scrollTop < LOAD_OLDER_AT_PX) {
        loadOlder(chat).catch(() => {});
    }
    if (below < LOAD_NEWER_AT_PX) {
        loadNewer(chat).catch(() => {});
    }
    markReadIfSeen(chat);
}

/**
 * Whether the pane has been put in place for the rows it shows: until then, where it is scrolled was for
 * those before (another conversation, or another part of this one), and says nothing of what is read or
 * which page to load.
 * @param {ChatState} chat
 */
function isPositioned(chat) {
    return chat.timeline !== null && chat.timeline === chat.internals.positioned;
}

/**
 * @param {ChatState} chat
 */
export function scrollToBottom(chat) {
    alpine(chat).$nextTick(() => {
        const pane = ref(chat, 'messages');
        if (pane) {
            chat.internals.positioned = chat.timeline;
            pane.scrollTop = pane.scrollHeight;
            chat.atBottom = true;
            markReadIfSeen(chat);
        }
    });
}
