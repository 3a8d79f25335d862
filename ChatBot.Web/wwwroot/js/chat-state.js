// @ts-check
// The chat component's state: what the page renders, as Alpine's reactive state, with what it shows
// computed from it (getters), and the page's internals, which it keeps but never renders. The *-actions.js
// modules change it; the logic lives in the pure modules.
import { attachmentViews, isUploading } from './attachments.js';
import { timelinePictures, viewerView } from './files.js';
import { browserNotifier } from './notifier.js';
import { isGroup, sortedMembers } from './groups.js';
import { suggestions } from './mentions.js';
import { Presence, Typing } from './presence.js';
import { QUICK_REACTIONS } from './reactions.js';
import { DeliveryReceipts } from './receipts.js';
import { MessageSearch, searchResultViews, searchStatus } from './search.js';
import * as views from './views.js';

/** @typedef {import('./contract.js').Limits} Limits */
/** @typedef {import('./contract.js').Person} Person */
/** @typedef {import('./contract.js').Member} Member */
/** @typedef {import('./conversations.js').ConversationList} ConversationList */
/** @typedef {import('./outbox.js').Outbox} Outbox */
/** @typedef {import('./timeline.js').Timeline} Timeline */
/** @typedef {import('./views.js').SidebarItem} SidebarItem */
/** @typedef {import('./views.js').MessageView} MessageView */
/** @typedef {import('./views.js').MessageUi} MessageUi */
/** @typedef {import('./mentions.js').Mentionable} Mentionable */
/** @typedef {import('./markdown.js').Markdown} Markdown */
/** @typedef {import('./attachments.js').Attachment} Attachment */
/** The picture viewer: whether it is open, and on which picture (a file id). @typedef {{ open: boolean, fileId: string }} Viewer */
/** The message being edited in the composer, and the draft it set aside. @typedef {{ key: string, seq: number, draftBefore: string }} Editing */
/** The message the composer's message will answer. @typedef {{ seq: number, sender: string, excerpt: string }} Replying */
/** The "@" being typed in the composer: where it starts, what follows it, and which suggestion is chosen. @typedef {{ open: boolean, start: number, query: string, index: number }} MentionTyping */
/** @typedef {ReturnType<typeof chatState>} ChatState */
/** The "New group" form. @typedef {{ open: boolean, name: string, search: string, found: Person[], picked: Person[], error: string, busy: boolean }} NewGroupForm */
/** The open group's members panel: its rename field and its people search. @typedef {{ name: string, search: string, found: Person[], error: string, busy: boolean }} MembersPanel */

/**
 * What the page keeps for itself and never renders: its element, the hub connection, the outbox's sender,
 * the browser's notifications, the delivery receipts not yet sent, markdown-it, the older and newer pages on
 * their way, which timeline the pane is in place for, how to cancel each upload under way (by its attachment's
 * key), the thumbnail the viewer was opened from, and its timers and counters.
 * @typedef {{
 *   root: HTMLElement,
 *   markdown: Markdown,
 *   hub: import('./hub.js').Hub,
 *   sender: ReturnType<typeof import('./outbox.js').outboxSender>,
 *   receipts: import('./receipts.js').DeliveryReceipts,
 *   notifier: import('./notifier.js').Notifier,
 *   gapTimer: number,
 *   lastTypingSentAt: number,
 *   searchNumber: number,
 *   watched: string,
 *   highlightTimer: number,
 *   olderPage: Promise<void> | null,
 *   newerPage: Promise<void> | null,
 *   positioned: Timeline | null,
 *   uploads: Map<string, () => void>,
 *   viewerOpener: HTMLElement | null,
 * }} PageInternals
 */

/** @typedef {{ $el: HTMLElement, $watch: (property: string, callback: (value: any) => void) => void, $nextTick: (callback?: () => void) => Promise<void> }} Magics */

/**
 * Alpine's magic properties, which it adds to the component.
 * @param {unknown} component
 */
export const alpine = (component) => /** @type {Magics} */ (component);

/**
 * The chat's element of that `x-ref`, as the page shows it now. Not Alpine's `$refs`: an action has the magics of
 * the element whose event began it, and `$refs` is worked out once per element, from where it is at the time. An
 * action begun from a row the list has replaced since (a person found, who became a conversation) found none.
 * @param {{ internals: { root: HTMLElement } }} chat
 * @param {string} name
 * @returns {HTMLElement | null}
 */
export function ref(chat, name) {
    return chat.internals.root.querySelector(`[x-ref="${name}"]`);
}

/** A value set in init, before anything renders. @type {any} */
export const LATER = null;

// A group's name may be typed a little past the limit: the form then says why it is too long, rather than
// cutting it short without a word.
const GROUP_NAME_OVERRUN = 20;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** @type {views.Formats} */
export const formats = { time: (d) => timeFormat.format(d), date: (d) => dateFormat.format(d) };

/**
 * Sealed: its fields change but it gains none, and Alpine leaves an object that cannot grow out of its
 * reactivity (nothing renders from it).
 * @param {Markdown} markdown
 * @returns {PageInternals}
 */
function pageInternals(markdown) {
    return Object.seal({
        root: LATER,
        markdown,
        hub: LATER,
        sender: LATER,
        receipts: new DeliveryReceipts(),
        notifier: browserNotifier(),
        gapTimer: 0,
        lastTypingSentAt: 0,
        searchNumber: 0,
        watched: '',
        highlightTimer: 0,
        olderPage: null,
        newerPage: null,
        positioned: null, // the timeline the pane was last scrolled into place for
        uploads: new Map(),
        viewerOpener: null,
    });
}

/** @param {Markdown} markdown how messages are formatted */
export function chatState(markdown) {
    const internals = pageInternals(markdown);
    return {
        internals,
        me: { id: '', userName: '', displayName: '' },
        /** @type {Limits | null} */ limits: null,
        /** @type {ConversationList} */ conversations: LATER,
        /** @type {Outbox} */ outbox: LATER,
        /** @type {Person[]} */ people: [],
        sidebarLoaded: false, // until then, an empty list says nothing of who is here
        presence: new Presence(),
        typing: new Typing(),
        /** @type {Timeline | null} */ timeline: null,
        /** @type {string | null} */ activeId: null,
        search: '', // the people search
        messageSearch: new MessageSearch(),
        draft: '',
        composerError: '',
        connectionState: 'connecting',
        atBottom: true,
        unreadFrom: 0, // the first row that was unread when the conversation was opened: the "New messages" line goes above it
        announcement: '', // said by screen readers (a polite live region)
        notificationPermission: internals.notifier.permission,
        now: Date.now(), // ticks, so that "last seen 5 min ago" stays true
        /** @type {Record<string, string>} */ names: {}, // people's display names by id, as learned
        /** @type {Member[]} */ members: [], // the open group's
        readersShown: '', // the client message id of one's own message whose readers are listed
        /** @type {NewGroupForm} */ newGroup: { open: false, name: '', search: '', found: [], picked: [], error: '', busy: false },
        membersOpen: false,
        /** @type {MembersPanel} */ panel: { name: '', search: '', found: [], error: '', busy: false },
        /** @type {MessageUi} */ messageUi: { menuKey: '', confirmingDelete: false, picking: false, focusKey: '', highlightedSeq: 0 },
        reactionDraft: '', // the reaction picker's "any emoji"
        /** @type {Editing | null} */ editing: null,
        /** @type {Replying | null} */ replying: null,
        /** @type {MentionTyping} */ mention: { open: false, start: 0, query: '', index: 0 },
        /** @type {Attachment[]} */ attachments: [], // the composer's files, uploading or uploaded
        dropHintShown: false, // while files are dragged over the conversation
        /** @type {Viewer} */ viewer: { open: false, fileId: '' },
        quickReactions: QUICK_REACTIONS,

        /** @param {string} id */
        nameOf(id) {
            return this.names[id] ?? 'Someone';
        },

        get isGroupOpen() {
            return isGroup(this.active);
        },

        /** The group name fields' maxlength; none until the limits have come. */
        get groupNameMaxLength() {
            return this.limits ? this.limits.maxGroupNameLength + GROUP_NAME_OVERRUN : null;
        },

        get isAdmin() {
            return this.active?.role === 'admin' && !this.active?.isGone;
        },

        get title() {
            const c = this.active;
            return c ? views.conversationTitle(c) : '';
        },

        get memberViews() {
            const me = this.me.id;
            return sortedMembers(this.members).map((m) => ({
                member: m,
                key: m.user.id,
                name: m.user.id === me ? `${m.user.displayName} (you)` : m.user.displayName,
                isMe: m.user.id === me,
                isAdmin: m.role === 'admin',
                isOnline: m.user.id === me || this.presence.isOnline(m.user.id),
            }));
        },

        /** People found who may be added: not in the group yet. */
        get addable() {
            const inGroup = new Set(this.members.map((m) => m.user.id));
            return this.panel.found.filter((p) => !inGroup.has(p.id));
        },

        get active() {
            return this.conversations.find(this.activeId);
        },

        get unreadTotal() {
            return this.conversations.unreadTotal;
        },

        /** @returns {SidebarItem[]} */
        get sidebarItems() {
            const { people, search, activeId, presence } = this;
            return views.sidebarItems({ conversations: this.conversations.items, people, search, activeId, presence, myId: this.me.id, nameOf: (id) => this.nameOf(id), plain: internals.markdown.plain });
        },

        get searchResults() {
            return searchResultViews(this.messageSearch.results, this.me.id, formats, internals.markdown);
        },

        get searchStatusText() {
            return searchStatus(this.messageSearch);
        },

        get emptySidebarText() {
            return views.emptySidebarText(this.search);
        },

        /** @returns {MessageView[]} */
        get messageViews() {
            const [c, t] = [this.active, this.timeline];
            const nameOf = (/** @type {string} */ id) => this.nameOf(id);
            const group = isGroup(c) ? { members: this.members, nameOf, readersShown: this.readersShown } : undefined;
            const people = Object.fromEntries(this.mentionable.map((p) => [p.id, p]));
            const context = { markdown: internals.markdown, nameOf, people, ui: this.messageUi, mayDeleteAny: this.isAdmin && this.isGroupOpen, excerptLength: this.limits?.replyExcerptLength, unreadFrom: this.unreadFrom };
            if (!c || !t) {
                return [];
            }
            // Messages on their way belong after the newest: not after a window into the history.
            const outbox = this.outbox.in(c.id).filter((e) => !t.hasNewer || e.kind !== 'text');
            return views.timelineView(t.messages, outbox, c, this.me.id, formats, group, context);
        },

        /** The people of the open conversation, who may be mentioned in it (oneself included, to be highlighted). @returns {Mentionable[]} */
        get mentionable() {
            const c = this.active;
            if (!c) {
                return [];
            }
            const me = { id: this.me.id, displayName: this.me.displayName, userName: this.me.userName };
            // A group's members come after the conversation opens: till then, one's own name is still known.
            return c.peer ? [c.peer, me] : [...this.members.map((m) => m.user).filter((u) => u.id !== me.id), me];
        },

        /** The suggestions for the "@" being typed, the chosen one marked. */
        get suggestionViews() {
            const m = this.mention;
            if (!m.open) {
                return [];
            }
            return suggestions(this.mentionable, m.query, this.me.id).map((person, i) => ({
                key: person.id, id: `mention-${person.id}`, person, name: person.displayName, handle: `@${person.userName}`, chosen: i === m.index, selected: i === m.index ? 'true' : 'false',
            }));
        },

        get activeSuggestionId() {
            return this.suggestionViews.find((s) => s.chosen)?.id ?? null;
        },

        get composerPlaceholder() {
            return this.editing ? 'Edit your message' : 'Write a message';
        },

        get sendLabel() {
            return this.editing ? 'Save' : 'Send';
        },

        get attachmentViews() {
            return attachmentViews(this.attachments);
        },

        /** A message goes once every file attached has uploaded; an edit is not held up by them. */
        get sendDisabled() {
            return !this.editing && isUploading(this.attachments);
        },

        /** The open conversation's pictures, as far as its timeline is loaded: the viewer goes through them. */
        get viewerPictures() {
            return timelinePictures(this.timeline?.messages ?? []);
        },

        get viewerView() {
            return viewerView(this.viewerPictures, this.viewer.fileId);
        },

        /** Above the composer: the message being edited, or the one being answered. */
        get composerContext() {
            return this.editing !== null || this.replying !== null;
        },

        get historyNote() {
            const [c, t] = [this.active, this.timeline];
            return c && t ? views.historyNote(c, t) : '';
        },

        get peerStatus() {
            const c = this.active;
            return c ? views.peerStatus(c, this.presence, this.typing.typers(c.id), this.now, formats, (id) => this.nameOf(id)) : '';
        },

        /** While the newest messages are out of view: below, or not loaded (a window into the history). */
        get jumpToLatestShown() {
            const t = this.timeline;
            return t !== null && t.isLoaded && (t.hasNewer || !this.atBottom);
        },

        get messagesLabel() {
            const c = this.active;
            return c ? (c.peer ? `Messages with ${c.peer.displayName}` : `Messages in ${c.name}`) : 'Messages';
        },

        get connectionNotice() {
            return views.connectionNotice(this.connectionState);
        },

        get canTurnOnNotifications() {
            return this.notificationPermission === 'default';
        },
    };
}
