// The chat page: the sidebar of people and conversations, and the open conversation.
// The server's per-conversation sequence number (seq) is the truth: messages are shown in seq order,
// each once; a seq that skips ahead is a gap, filled from the server.
import { api, ApiError } from './api.js';
import { createHub } from './hub.js';
import { loadOutbox, newMessageId, saveOutbox } from './outbox.js';

const HISTORY_PAGE = 50;
const CATCH_UP_PAGE = 200;
const MAX_MESSAGE_LENGTH = 4000;
const TYPING_SEND_EVERY_MS = 3000;
const TYPING_SHOW_FOR_MS = 5000;
const GAP_WAIT_MS = 400; // messages of one conversation may arrive out of order; wait a moment before fetching
const RECEIPT_DELAY_MS = 250; // delivery receipts are gathered per conversation and sent once
const BOTTOM_SLACK_PX = 48;
const MAX_WATCHED = 200; // the hub's limit on people whose presence one connection follows

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

function lastSeenText(lastSeenAt, now) {
    if (!lastSeenAt) {
        return 'offline';
    }
    const seen = new Date(lastSeenAt);
    const minutes = Math.floor((now - seen) / 60_000);
    if (minutes < 1) {
        return 'last seen just now';
    }
    if (minutes < 60) {
        return `last seen ${minutes} min ago`;
    }
    return minutes < 24 * 60 ? `last seen at ${timeFormat.format(seen)}` : `last seen ${dateFormat.format(seen)}`;
}

export function chat() {
    // Bookkeeping that the page does not render stays out of Alpine's reactive state.
    const local = {
        hub: null,
        lastSeq: null, // highest seq shown without a gap in the open conversation; null while its history loads
        early: new Map(), // seq → message received ahead of a gap (or while the history loads)
        gapTimer: null,
        fillingGap: false,
        typingTimer: null,
        lastTypingSentAt: 0,
        searchNumber: 0,
        fetchingConversations: new Map(),
        watched: '', // the user ids whose presence the hub tells this page, as sent last
        presenceNoticed: new Set(), // per WatchPresence call in flight: who had a live notice meanwhile
        deliveredUpTo: new Map(), // conversation id → highest seq this device has received, to be reported
        receiptTimer: null,
    };

    return {
        me: null,
        conversations: [],
        people: [],
        search: '',
        activeId: null,
        messages: [],
        outbox: [],
        draft: '',
        composerError: '',
        connectionState: 'connecting',
        hasOlder: false,
        loadingOlder: false,
        atBottom: true,
        peerTyping: false,
        presence: {}, // user id → { isOnline, lastSeenAt }
        now: Date.now(), // ticks so that "last seen 5 min ago" stays true

        async init() {
            const { userId, userName, displayName } = this.$el.dataset;
            this.me = { id: userId, userName, displayName };
            this.outbox = loadOutbox(userId);
            document.addEventListener('visibilitychange', () => this.markReadIfSeen());
            this.$watch('conversations', () => this.updateTitle());
            this.$watch('sidebarItems', () => this.watchPresence());
            setInterval(() => {
                this.now = Date.now();
            }, 30_000);

            local.hub = createHub({
                handlers: {
                    MessageReceived: (message) => this.receive(message),
                    TypingStarted: (notice) => this.onTypingStarted(notice),
                    MessagesDelivered: (receipt) => this.onMessagesDelivered(receipt),
                    MessagesRead: (receipt) => this.onMessagesRead(receipt),
                    PresenceChanged: (notice) => this.onPresenceChanged(notice),
                    ResyncRequested: () => this.onConnected(),
                },
                onStateChanged: (state) => {
                    this.connectionState = state;
                },
                onConnected: () => this.onConnected(),
            });

            await Promise.all([this.loadConversations(), this.searchPeople()]);
            local.hub.start();
        },

        // ---- what the page shows ----

        get active() {
            return this.conversations.find((c) => c.id === this.activeId) ?? null;
        },

        get sidebarItems() {
            const term = this.search.trim().toLowerCase();
            const matches = (person) =>
                !term || person.userName.toLowerCase().includes(term) || person.displayName.toLowerCase().includes(term);
            const items = [];
            const listed = new Set();
            for (const c of this.conversations) {
                if ((!c.lastMessage && c.id !== this.activeId) || !matches(c.peer)) {
                    continue;
                }
                listed.add(c.peer.id);
                items.push({
                    key: `c:${c.id}`,
                    conversationId: c.id,
                    userId: c.peer.id,
                    userName: c.peer.userName,
                    displayName: c.peer.displayName,
                    unread: c.unreadCount,
                    preview: this.preview(c),
                    isActive: c.id === this.activeId,
                    isOnline: this.isOnline(c.peer.id),
                });
            }
            for (const person of this.people) {
                if (listed.has(person.id)) {
                    continue;
                }
                items.push({
                    key: `u:${person.id}`,
                    conversationId: null,
                    userId: person.id,
                    userName: person.userName,
                    displayName: person.displayName,
                    unread: 0,
                    preview: `@${person.userName}`,
                    isActive: false,
                    isOnline: this.isOnline(person.id),
                });
            }
            return items;
        },

        get emptySidebarText() {
            return this.search.trim() ? 'Nobody matches that name.' : 'Nobody else is here yet.';
        },

        get timeline() {
            const c = this.active;
            if (!c) {
                return [];
            }
            const stored = this.messages.map((m) => this.storedView(m, c));
            const storedIds = new Set(this.messages.map((m) => m.clientMessageId));
            const pending = this.outbox
                .filter((entry) => entry.conversationId === c.id && !storedIds.has(entry.clientMessageId))
                .map((entry) => ({
                    key: entry.clientMessageId,
                    seq: '',
                    body: entry.body,
                    mine: true,
                    time: timeFormat.format(new Date(entry.createdAt)),
                    state: entry.state,
                    ticks: entry.state === 'failed' ? 'Not sent' : 'Sending…',
                    failed: entry.state === 'failed',
                    error: entry.error ? `${entry.error} Retry` : 'Retry',
                    clientMessageId: entry.clientMessageId,
                }));
            return stored.concat(pending);
        },

        storedView(message, conversation) {
            const mine = message.senderId === this.me.id;
            const state = !mine ? 'received'
                : message.seq <= conversation.peerLastReadSeq ? 'read'
                : message.seq <= conversation.peerLastDeliveredSeq ? 'delivered'
                : 'sent';
            return {
                key: message.clientMessageId,
                seq: message.seq,
                body: message.body,
                mine,
                time: timeFormat.format(new Date(message.sentAt)),
                state,
                ticks: { sent: '✓ Sent', delivered: '✓✓ Delivered', read: '✓✓ Read' }[state] ?? '',
                failed: false,
                error: '',
            };
        },

        get historyNote() {
            const c = this.active;
            if (!c || this.hasOlder || local.lastSeq === null) {
                return '';
            }
            return this.messages.length === 0
                ? `No messages yet. Say hello to ${c.peer.displayName}!`
                : `This is the beginning of your conversation with ${c.peer.displayName}.`;
        },

        get peerStatus() {
            const c = this.active;
            if (!c) {
                return '';
            }
            if (this.peerTyping) {
                return `${c.peer.displayName} is typing…`;
            }
            const presence = this.presence[c.peer.id];
            const status = presence?.isOnline ? 'online' : lastSeenText(presence?.lastSeenAt, this.now);
            return `@${c.peer.userName} · ${status}`;
        },

        isOnline(userId) {
            return this.presence[userId]?.isOnline === true;
        },

        // Presence as the server last told it; summaries from REST and live notices both land here.
        notePresence(userId, { isOnline, lastSeenAt }) {
            const known = this.presence[userId];
            this.presence[userId] = { isOnline, lastSeenAt: lastSeenAt ?? known?.lastSeenAt ?? null };
        },

        // Asks the hub to tell this page when the people it shows come online or go offline.
        watchPresence() {
            const ids = [...new Set(this.sidebarItems.map((item) => item.userId))].slice(0, MAX_WATCHED).sort();
            const key = ids.join(',');
            if (key === local.watched || !local.hub?.isConnected) {
                return;
            }
            local.watched = key;
            // Live notices that arrive while the call runs are newer than its answer.
            const noticed = new Set();
            local.presenceNoticed.add(noticed);
            local.hub.invoke('WatchPresence', ids)
                .then((now) => now.filter((p) => !noticed.has(p.userId)).forEach((p) => this.notePresence(p.userId, p)))
                .catch(() => {
                    local.watched = '';
                })
                .finally(() => local.presenceNoticed.delete(noticed));
        },

        onPresenceChanged(notice) {
            local.presenceNoticed.forEach((noticed) => noticed.add(notice.userId));
            this.notePresence(notice.userId, notice);
        },

        get connectionNotice() {
            switch (this.connectionState) {
                case 'connecting':
                    return 'Connecting…';
                case 'reconnecting':
                    return 'Reconnecting… what you write is kept and sent when the connection is back.';
                default:
                    return '';
            }
        },

        preview(conversation) {
            const last = conversation.lastMessage;
            if (!last) {
                return `@${conversation.peer.userName}`;
            }
            const text = last.body.length > 80 ? `${last.body.slice(0, 80)}…` : last.body;
            return last.senderId === this.me.id ? `You: ${text}` : text;
        },

        updateTitle() {
            const unread = this.conversations.reduce((sum, c) => sum + c.unreadCount, 0);
            document.title = unread > 0 ? `(${unread}) Chat · ChatBot` : 'Chat · ChatBot';
        },

        // ---- the sidebar ----

        async loadConversations() {
            const list = await api('/api/conversations');
            const opened = this.active;
            // Keep an open, still empty conversation: the server lists only those with messages.
            if (opened && !list.some((c) => c.id === opened.id)) {
                list.unshift(opened);
            }
            for (const c of list) {
                this.notePresence(c.peer.id, c.peer);
                if (c.lastMessage && c.lastMessage.senderId !== this.me.id) {
                    this.noteDelivered(c.id, c.lastSeq);
                }
            }
            this.conversations = list;
        },

        async searchPeople() {
            const number = ++local.searchNumber;
            const term = encodeURIComponent(this.search.trim());
            const people = await api(`/api/users?search=${term}&limit=50`);
            if (number === local.searchNumber) {
                for (const person of people) {
                    this.notePresence(person.id, person);
                }
                this.people = people;
            }
        },

        upsertConversation(summary) {
            this.notePresence(summary.peer.id, summary.peer);
            const index = this.conversations.findIndex((c) => c.id === summary.id);
            if (index >= 0) {
                this.conversations.splice(index, 1, summary);
            } else {
                this.conversations.unshift(summary);
            }
            return this.conversations.find((c) => c.id === summary.id);
        },

        async conversationFor(conversationId) {
            const known = this.conversations.find((c) => c.id === conversationId);
            if (known) {
                return known;
            }
            // Someone wrote first in a conversation this page has not seen: fetch it, once.
            if (!local.fetchingConversations.has(conversationId)) {
                local.fetchingConversations.set(
                    conversationId,
                    api(`/api/conversations/${conversationId}`).finally(() =>
                        local.fetchingConversations.delete(conversationId)),
                );
            }
            const summary = await local.fetchingConversations.get(conversationId);
            return this.conversations.find((c) => c.id === conversationId) ?? this.upsertConversation(summary);
        },

        async openItem(item) {
            try {
                if (item.conversationId) {
                    await this.openConversation(item.conversationId);
                    return;
                }
                const summary = await api('/api/conversations/direct', { method: 'POST', body: { userId: item.userId } });
                this.upsertConversation(summary);
                await this.openConversation(summary.id);
            } catch (error) {
                this.composerError = error instanceof ApiError ? error.message : 'That conversation could not be opened.';
            }
        },

        // ---- the open conversation ----

        async openConversation(conversationId) {
            if (this.activeId && this.activeId !== conversationId) {
                this.invokeQuietly('LeaveConversation', this.activeId);
            }
            this.activeId = conversationId;
            this.messages = [];
            this.hasOlder = false;
            this.composerError = '';
            this.peerTyping = false;
            this.atBottom = true;
            local.lastSeq = null;
            local.early.clear();
            if (local.hub.isConnected) {
                this.invokeQuietly('JoinConversation', conversationId);
            }

            const page = await api(`/api/conversations/${conversationId}/messages?limit=${HISTORY_PAGE}`);
            if (this.activeId !== conversationId) {
                return;
            }
            this.messages = page;
            this.hasOlder = page.length > 0 && page[0].seq > 1;
            local.lastSeq = page.length > 0 ? page[page.length - 1].seq : 0;
            this.insertMessages([]);
            this.scrollToBottom();
        },

        closeConversation() {
            if (this.activeId) {
                this.invokeQuietly('LeaveConversation', this.activeId);
            }
            this.activeId = null;
            this.messages = [];
            local.lastSeq = null;
            local.early.clear();
        },

        async loadOlder() {
            const c = this.active;
            if (!c || !this.hasOlder || this.loadingOlder || this.messages.length === 0) {
                return;
            }
            this.loadingOlder = true;
            try {
                const before = this.messages[0].seq;
                const page = await api(`/api/conversations/${c.id}/messages?before=${before}&limit=${HISTORY_PAGE}`);
                if (this.activeId !== c.id) {
                    return;
                }
                const pane = this.$refs.messages;
                const heightBefore = pane.scrollHeight;
                this.messages = page.concat(this.messages);
                this.hasOlder = page.length > 0 && page[0].seq > 1;
                this.$nextTick(() => {
                    pane.scrollTop += pane.scrollHeight - heightBefore;
                });
            } finally {
                this.loadingOlder = false;
            }
        },

        // Adds messages of the open conversation in seq order, each once; waits briefly on a gap, then fills it.
        insertMessages(incoming) {
            for (const message of incoming) {
                if (local.lastSeq === null || message.seq > local.lastSeq) {
                    local.early.set(message.seq, message);
                }
            }
            if (local.lastSeq === null) {
                return;
            }
            const added = [];
            for (const seq of [...local.early.keys()]) {
                if (seq <= local.lastSeq) {
                    local.early.delete(seq);
                }
            }
            while (local.early.has(local.lastSeq + 1)) {
                local.lastSeq += 1;
                added.push(local.early.get(local.lastSeq));
                local.early.delete(local.lastSeq);
            }
            if (added.length > 0) {
                const stick = this.atBottom;
                this.messages.push(...added);
                if (stick) {
                    this.scrollToBottom();
                }
            }
            if (local.early.size > 0 && !local.gapTimer) {
                local.gapTimer = setTimeout(() => {
                    local.gapTimer = null;
                    this.catchUp();
                }, GAP_WAIT_MS);
            }
            this.markReadIfSeen();
        },

        // Fetches what the open conversation is missing after the last message shown.
        async catchUp() {
            const conversationId = this.activeId;
            if (!conversationId || local.lastSeq === null || local.fillingGap || !local.hub.isConnected) {
                return;
            }
            local.fillingGap = true;
            try {
                for (;;) {
                    const missed = await local.hub.invoke('GetMessagesAfter', conversationId, local.lastSeq, CATCH_UP_PAGE);
                    if (this.activeId !== conversationId) {
                        return;
                    }
                    for (const message of missed) {
                        this.applyToConversation(this.active, message);
                        if (message.senderId !== this.me.id) {
                            this.noteDelivered(message.conversationId, message.seq);
                        }
                    }
                    this.insertMessages(missed);
                    if (missed.length < CATCH_UP_PAGE) {
                        return;
                    }
                }
            } catch {
                // Disconnected: the next connect catches up.
            } finally {
                local.fillingGap = false;
            }
        },

        async receive(message) {
            const conversation = await this.conversationFor(message.conversationId);
            this.applyToConversation(conversation, message);
            if (message.senderId === this.me.id) {
                this.removeFromOutbox(message.clientMessageId);
            } else {
                this.noteDelivered(message.conversationId, message.seq);
                if (message.conversationId === this.activeId) {
                    this.peerTyping = false;
                }
            }
            if (message.conversationId === this.activeId) {
                this.insertMessages([message]);
            }
        },

        applyToConversation(conversation, message) {
            if (!conversation) {
                return;
            }
            conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
            if (!conversation.lastMessage || message.seq >= conversation.lastMessage.seq) {
                conversation.lastMessage = message;
            }
            if (message.senderId === this.me.id) {
                conversation.lastReadSeq = Math.max(conversation.lastReadSeq, message.seq);
            }
            conversation.unreadCount = Math.max(0, conversation.lastSeq - conversation.lastReadSeq);
            const index = this.conversations.indexOf(conversation);
            if (index > 0) {
                this.conversations.splice(index, 1);
                this.conversations.unshift(conversation);
            }
        },

        markReadIfSeen() {
            const c = this.active;
            const seq = local.lastSeq;
            if (!c || seq === null || seq <= c.lastReadSeq || !this.atBottom || document.visibilityState !== 'visible') {
                return;
            }
            c.lastReadSeq = seq;
            c.unreadCount = Math.max(0, c.lastSeq - seq);
            if (local.hub.isConnected) {
                this.invokeQuietly('MarkRead', c.id, seq);
            }
        },

        // A device of this person has the conversation up to seq: told to the server, gathered per conversation.
        noteDelivered(conversationId, seq) {
            if (seq > (local.deliveredUpTo.get(conversationId) ?? 0)) {
                local.deliveredUpTo.set(conversationId, seq);
            }
            if (!local.receiptTimer) {
                local.receiptTimer = setTimeout(() => this.sendDeliveryReceipts(), RECEIPT_DELAY_MS);
            }
        },

        sendDeliveryReceipts() {
            local.receiptTimer = null;
            if (!local.hub.isConnected) {
                return; // kept, and sent after the next connect
            }
            for (const [conversationId, seq] of local.deliveredUpTo) {
                this.invokeQuietly('MarkDelivered', conversationId, seq);
            }
            local.deliveredUpTo.clear();
        },

        onMessagesDelivered(receipt) {
            const c = this.conversations.find((x) => x.id === receipt.conversationId);
            if (c && receipt.userId !== this.me.id) {
                c.peerLastDeliveredSeq = Math.max(c.peerLastDeliveredSeq, receipt.upToSeq);
            }
        },

        onMessagesRead(receipt) {
            const c = this.conversations.find((x) => x.id === receipt.conversationId);
            if (!c) {
                return;
            }
            if (receipt.userId === this.me.id) {
                c.lastReadSeq = Math.max(c.lastReadSeq, receipt.upToSeq);
                c.unreadCount = Math.max(0, c.lastSeq - c.lastReadSeq);
            } else {
                c.peerLastReadSeq = Math.max(c.peerLastReadSeq, receipt.upToSeq);
                c.peerLastDeliveredSeq = Math.max(c.peerLastDeliveredSeq, receipt.upToSeq);
            }
        },

        onTypingStarted(notice) {
            if (notice.conversationId !== this.activeId || notice.userId === this.me.id) {
                return;
            }
            this.peerTyping = true;
            clearTimeout(local.typingTimer);
            local.typingTimer = setTimeout(() => {
                this.peerTyping = false;
            }, TYPING_SHOW_FOR_MS);
        },

        onScroll() {
            const pane = this.$refs.messages;
            this.atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < BOTTOM_SLACK_PX;
            if (pane.scrollTop < 64) {
                this.loadOlder();
            }
            this.markReadIfSeen();
        },

        scrollToBottom() {
            this.$nextTick(() => {
                const pane = this.$refs.messages;
                if (pane) {
                    pane.scrollTop = pane.scrollHeight;
                    this.atBottom = true;
                    this.markReadIfSeen();
                }
            });
        },

        // ---- writing ----

        onEnter(event) {
            if (event.shiftKey || event.isComposing) {
                return;
            }
            event.preventDefault();
            this.send();
        },

        onDraftInput() {
            this.composerError = '';
            const now = Date.now();
            if (this.activeId && this.draft.trim() && now - local.lastTypingSentAt > TYPING_SEND_EVERY_MS && local.hub.isConnected) {
                local.lastTypingSentAt = now;
                this.invokeQuietly('Typing', this.activeId);
            }
        },

        send() {
            const body = this.draft.trim();
            if (!this.activeId) {
                return;
            }
            if (body.length === 0) {
                this.composerError = 'A message cannot be empty.';
                return;
            }
            if (body.length > MAX_MESSAGE_LENGTH) {
                this.composerError = `A message has at most ${MAX_MESSAGE_LENGTH} characters; this one has ${body.length}.`;
                return;
            }
            const entry = {
                clientMessageId: newMessageId(),
                conversationId: this.activeId,
                body,
                createdAt: new Date().toISOString(),
                state: 'sending',
                error: '',
            };
            this.outbox.push(entry);
            saveOutbox(this.me.id, this.outbox);
            this.draft = '';
            this.composerError = '';
            local.lastTypingSentAt = 0;
            this.scrollToBottom();
            this.deliver(entry.clientMessageId);
        },

        retry(message) {
            const entry = this.outbox.find((e) => e.clientMessageId === message.clientMessageId);
            if (entry) {
                entry.state = 'sending';
                entry.error = '';
                saveOutbox(this.me.id, this.outbox);
                this.deliver(entry.clientMessageId);
            }
        },

        // Sends one outbox entry. The same client message id on every attempt: the server stores it once.
        async deliver(clientMessageId) {
            const entry = this.outbox.find((e) => e.clientMessageId === clientMessageId);
            if (!entry || !local.hub.isConnected) {
                return; // sent when the connection is back
            }
            try {
                const stored = await local.hub.invoke('SendMessage', {
                    conversationId: entry.conversationId,
                    clientMessageId: entry.clientMessageId,
                    body: entry.body,
                });
                await this.receive(stored);
            } catch (error) {
                const refusal = /HubException: (.*)$/.exec(error?.message ?? '');
                const tooFast = refusal && /wait (\d+) s/.exec(refusal[1]);
                if (tooFast) {
                    // Over the sending quota: it goes again, by itself, once the quota allows.
                    setTimeout(() => this.deliver(clientMessageId), Number(tooFast[1]) * 1000);
                    return;
                }
                if (refusal || (error?.message ?? '').startsWith('An unexpected error occurred invoking')) {
                    entry.state = 'failed';
                    entry.error = refusal ? refusal[1] : 'Could not be sent.';
                    saveOutbox(this.me.id, this.outbox);
                }
                // Otherwise the connection dropped mid-send: the entry stays 'sending' and goes again on reconnect.
            }
        },

        removeFromOutbox(clientMessageId) {
            const index = this.outbox.findIndex((e) => e.clientMessageId === clientMessageId);
            if (index >= 0) {
                this.outbox.splice(index, 1);
                saveOutbox(this.me.id, this.outbox);
            }
        },

        // On every connect and reconnect: resend what waits, rejoin, and catch up on what was missed.
        async onConnected() {
            local.watched = ''; // a new connection follows nobody yet
            this.watchPresence();
            this.sendDeliveryReceipts();
            for (const entry of this.outbox.filter((e) => e.state === 'sending')) {
                this.deliver(entry.clientMessageId);
            }
            if (this.activeId) {
                this.invokeQuietly('JoinConversation', this.activeId);
                this.catchUp();
            }
            try {
                await this.loadConversations();
            } catch {
                // Shown as it was; refreshed on the next connect.
            }
        },

        invokeQuietly(method, ...args) {
            local.hub.invoke(method, ...args).catch(() => {});
        },
    };
}
