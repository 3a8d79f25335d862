// @ts-check
// The person's conversations, as the sidebar lists them: the most recently active first, each with its
// unread count and how far the other member has got. Pure: fetching is passed in.
import { isChange } from './changes.js';
import { applyDeliveredReceipt, applyMessage, applyReadReceipt, unreadTotal } from './receipts.js';

/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Receipt} Receipt */

export class ConversationList {
    /** @param {string} myId */
    constructor(myId) {
        this.myId = myId;
        /** @type {Conversation[]} */
        this.items = [];
        /** @type {Map<string, Promise<Conversation>>} */
        this.fetching = new Map();
        /** How many times a conversation was listed or changed here: a list asked for at one count misses what came after. */
        this.changes = 0;
        /** @type {Map<string, number>} the count at each conversation's last change */
        this.changedAt = new Map();
    }

    /** @param {string | null} id */
    find(id) {
        return this.items.find((c) => c.id === id) ?? null;
    }

    /**
     * The server's list, asked for when {@link changes} was `askedAt`. What the page learnt while it was on its way
     * stays: newer rows of a conversation it lists, and a conversation it does not list yet (someone wrote first).
     * So does the open conversation without messages, which the server does not list.
     * @param {Conversation[]} list
     * @param {string | null} openId
     * @param {number} askedAt
     */
    replace(list, openId, askedAt = this.changes) {
        const merged = list.map((summary) => {
            const known = this.find(summary.id);
            return known && known.lastSeq > summary.lastSeq ? known : summary;
        });
        const listed = new Set(list.map((c) => c.id));
        const newerThanList = (/** @type {Conversation} */ c) => c.id === openId || (this.changedAt.get(c.id) ?? 0) > askedAt;
        this.items = [...this.items.filter((c) => !listed.has(c.id) && newerThanList(c)), ...merged];
    }

    /**
     * @param {Conversation} summary
     * @returns {Conversation} the one listed
     */
    upsert(summary) {
        this.changed(summary.id);
        const index = this.items.findIndex((c) => c.id === summary.id);
        if (index >= 0) {
            this.items.splice(index, 1, summary);
        } else {
            this.items.unshift(summary);
        }
        return /** @type {Conversation} */ (this.find(summary.id));
    }

    /**
     * The conversation, fetched once when it is new to this page (someone wrote first).
     * @param {string} id
     * @param {(id: string) => Promise<Conversation>} fetch
     * @returns {Promise<Conversation>}
     */
    async getOrFetch(id, fetch) {
        const known = this.find(id);
        if (known) {
            return known;
        }
        let fetching = this.fetching.get(id);
        if (!fetching) {
            fetching = fetch(id).finally(() => this.fetching.delete(id));
            this.fetching.set(id, fetching);
        }
        const summary = await fetching;
        return this.find(id) ?? this.upsert(summary);
    }

    /**
     * A row was stored: its conversation counts it; a message or event moves it to the top (a change does not).
     * @param {Message} message
     * @returns {Conversation | null}
     */
    applyMessage(message) {
        const conversation = this.find(message.conversationId);
        if (!conversation) {
            return null;
        }
        this.changed(conversation.id);
        applyMessage(conversation, message, this.myId);
        const index = this.items.indexOf(conversation);
        if (index > 0 && !isChange(message)) {
            this.items.splice(index, 1);
            this.items.unshift(conversation);
        }
        return conversation;
    }

    /** @param {Receipt} receipt */
    applyRead(receipt) {
        const conversation = this.find(receipt.conversationId);
        if (conversation) {
            applyReadReceipt(conversation, receipt, this.myId);
        }
    }

    /** @param {Receipt} receipt */
    applyDelivered(receipt) {
        const conversation = this.find(receipt.conversationId);
        if (conversation) {
            applyDeliveredReceipt(conversation, receipt, this.myId);
        }
    }

    /** @param {string} id */
    changed(id) {
        this.changedAt.set(id, ++this.changes);
    }

    get unreadTotal() {
        return unreadTotal(this.items);
    }
}
