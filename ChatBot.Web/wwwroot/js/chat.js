// @ts-check
// The chat page's Alpine component: thin glue between the page and the modules. Its state and what the
// page shows from it are in chat-state.js; the sidebar's and the open conversation's actions in
// chat-sidebar.js and chat-conversation.js; the logic in the pure modules (timeline, outbox, receipts,
// presence, views). Here: the wiring of the hub's events, and the handlers the page's markup calls.
import { loadLimits } from './api.js';
import * as pane from './chat-conversation.js';
import * as groups from './chat-groups.js';
import { loadMembers, sendDeliveryReceipts, watchPresence } from './chat-shared.js';
import * as sidebar from './chat-sidebar.js';
import { alpine, chatState, LATER } from './chat-state.js';
import { ClientEvents, HubMethods } from './contract.js';
import { ConversationList } from './conversations.js';
import { applyMemberReceipt } from './groups.js';
import { createHub } from './hub.js';
import { browserNotifier } from './notifier.js';
import { draftProblem, newMessageId, Outbox, outboxSender } from './outbox.js';
import { typingNoticeDue } from './presence.js';
import { DeliveryReceipts } from './receipts.js';
import * as views from './views.js';

/** @typedef {import('./chat-state.js').Io} Io */
/** @typedef {import('./views.js').SidebarItem} SidebarItem */
/** @typedef {import('./views.js').MessageView} MessageView */

/**
 * The state with the methods the page calls; getters stay getters (a spread would read them once).
 * @template S, M
 * @param {S} state
 * @param {M & ThisType<S & M>} methods
 * @returns {S & M}
 */
function component(state, methods) {
    return Object.defineProperties(/** @type {S & M} */ (state), Object.getOwnPropertyDescriptors(methods));
}

export function chat() {
    /** @type {Io} */
    const io = {
        root: LATER,
        hub: LATER,
        sender: LATER,
        receipts: new DeliveryReceipts(),
        notifier: browserNotifier(),
        gapTimer: 0,
        lastTypingSentAt: 0,
        searchNumber: 0,
        watched: '',
    };

    return component(chatState(io.notifier.permission), {
        async init() {
            io.root = alpine(this).$el; // in init, the component's element
            const { userId = '', userName = '', displayName = '' } = io.root.dataset;
            this.me = { id: userId, userName, displayName };
            this.names[userId] = displayName;
            this.conversations = new ConversationList(userId);
            this.outbox = new Outbox(localStorage, userId);
            io.hub = createHub({
                handlers: {
                    [ClientEvents.messageReceived]: (message) => pane.receive(this, io, message),
                    [ClientEvents.typingStarted]: (notice) => pane.typingStarted(this, notice),
                    [ClientEvents.messagesDelivered]: (receipt) => {
                        this.conversations.applyDelivered(receipt);
                        if (receipt.conversationId === this.activeId) {
                            applyMemberReceipt(this.members, receipt, 'delivered');
                        }
                    },
                    [ClientEvents.messagesRead]: (receipt) => {
                        this.conversations.applyRead(receipt);
                        if (receipt.conversationId === this.activeId) {
                            applyMemberReceipt(this.members, receipt, 'read');
                        }
                    },
                    [ClientEvents.presenceChanged]: (notice) => this.presence.noticed(notice),
                    [ClientEvents.resyncRequested]: () => this.onConnected(),
                },
                onStateChanged: (state) => {
                    this.connectionState = state;
                },
                onConnected: () => this.onConnected(),
            });
            io.sender = outboxSender({
                outbox: this.outbox,
                send: (request) => io.hub.invoke(HubMethods.sendMessage, request),
                isConnected: () => io.hub.isConnected,
                onStored: (message) => pane.receive(this, io, message),
            });
            document.addEventListener('visibilitychange', () => pane.markReadIfSeen(this, io));
            alpine(this).$watch('unreadTotal', (unread) => {
                document.title = views.pageTitle(unread);
            });
            alpine(this).$watch('sidebarItems', () => watchPresence(this, io));
            setInterval(() => {
                this.now = Date.now();
            }, 30_000);

            this.limits = await loadLimits();
            await Promise.all([sidebar.loadConversations(this, io), sidebar.searchPeople(this, io)]);
            io.hub.start();
        },

        // On every connect and reconnect: resend what waits, rejoin, and catch up on what was missed.
        async onConnected() {
            io.watched = ''; // a new connection follows nobody yet
            // The server answers the handshake before it registers the connection, and invocations only
            // after: once this one returns, every message is told live, so the catch-up below misses none.
            await watchPresence(this, io);
            sendDeliveryReceipts(io);
            io.sender.resendWaiting();
            if (this.activeId && !this.active?.isGone) {
                io.hub.invokeQuietly(HubMethods.joinConversation, this.activeId);
                pane.catchUpOpen(this, io);
                if (this.isGroupOpen) {
                    loadMembers(this, this.activeId).catch(() => {});
                }
            }
            try {
                await sidebar.loadConversations(this, io);
            } catch {
                // Shown as it was; refreshed on the next connect.
            }
        },

        // ---- what the page's markup calls ----

        searchPeople() {
            return sidebar.searchPeople(this, io);
        },

        /** @param {SidebarItem} item */
        openItem(item) {
            return sidebar.openItem(this, io, item);
        },

        closeConversation() {
            pane.closeConversation(this, io);
        },

        onScroll() {
            pane.onScroll(this, io);
        },

        /** @param {KeyboardEvent} event */
        onEnter(event) {
            if (!event.shiftKey && !event.isComposing) {
                event.preventDefault();
                this.send();
            }
        },

        onDraftInput() {
            this.composerError = '';
            const now = Date.now();
            if (this.activeId && !this.active?.isGone && this.draft.trim() && typingNoticeDue(io.lastTypingSentAt, now) && io.hub.isConnected) {
                io.lastTypingSentAt = now;
                io.hub.invokeQuietly(HubMethods.typing, this.activeId);
            }
        },

        openNewGroup() {
            groups.openNewGroup(this);
        },

        closeNewGroup() {
            groups.closeNewGroup(this);
        },

        searchNewGroup() {
            return groups.searchNewGroup(this);
        },

        /** @param {import('./contract.js').Person} person */
        togglePick(person) {
            groups.togglePick(this, person);
        },

        /** @param {import('./contract.js').Person} person */
        isPicked(person) {
            return this.newGroup.picked.some((p) => p.id === person.id);
        },

        createGroup() {
            return groups.createGroup(this, io);
        },

        openMembers() {
            groups.openMembers(this);
        },

        closeMembers() {
            groups.closeMembers(this);
        },

        renameGroup() {
            return groups.renameGroup(this);
        },

        searchToAdd() {
            return groups.searchToAdd(this);
        },

        /** @param {import('./contract.js').Person} person */
        addMember(person) {
            return groups.addMember(this, person);
        },

        /** @param {{ member: import('./contract.js').Member }} view */
        removeMember(view) {
            return groups.removeMember(this, view.member);
        },

        /** @param {{ member: import('./contract.js').Member }} view */
        makeAdmin(view) {
            return groups.makeAdmin(this, view.member);
        },

        leaveGroup() {
            return groups.leaveGroup(this);
        },

        /** @param {MessageView} message */
        toggleReaders(message) {
            this.readersShown = this.readersShown === message.clientMessageId ? '' : message.clientMessageId;
        },

        send() {
            const body = this.draft.trim();
            if (!this.activeId || !this.limits || this.active?.isGone) {
                return;
            }
            this.composerError = draftProblem(body, this.limits.maxMessageLength);
            if (this.composerError) {
                return;
            }
            const entry = this.outbox.add(this.activeId, body, newMessageId(), new Date());
            this.draft = '';
            io.lastTypingSentAt = 0;
            pane.scrollToBottom(this, io);
            io.sender.deliver(entry.clientMessageId);
        },

        /** @param {MessageView} message */
        retry(message) {
            this.outbox.retry(message.clientMessageId);
            io.sender.deliver(message.clientMessageId);
        },

        // Asked only from the person's click: browsers (and people) turn down prompts that come unasked.
        async turnOnNotifications() {
            await io.notifier.ask();
            this.notificationPermission = io.notifier.permission;
        },
    });
}
