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
    }

    /** @param {string | null} id */
    find(id) {
        return this.items.find((c) => c.id === id) ?? null;
    }

    /**
     * The server's list; an open conversation without messages (which the server does not list) stays, and so
     * does one the page has newer rows of.
     * @param {Conversation[]} list
     * @param {string | null} openId
     */
    replace(list, openId) {
        // A row told live while the list was on its way is newer than the list's summary: the page's copy stays.
        const merged = list.map((summary) => {
            const known = this.find(summary.id);
            return known && known.lastSeq > summary.lastSeq ? known : summary;
        });
        const open = this.find(openId);
        if (open && !merged.some((c) => c.id === open.id)) {
            merged.unshift(open);
        }
        this.items = merged;
    }

    /**
     * @param {Conversation} summary
     * @returns {Conversation} the one listed
     */
    upsert(summary) {
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

    get unreadTotal() {
        return unreadTotal(this.items);
    }
}
