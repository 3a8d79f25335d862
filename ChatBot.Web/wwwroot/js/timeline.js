// @ts-check
// One conversation's timeline: its messages in seq order, each once, as the server numbered them. A seq
// beyond lastSeq + 1 is a gap: what comes after it waits, out of sight, until the gap is filled by a late
// delivery or by catching up from the server. Pure: the fetching is passed in.

/** @typedef {import('./contract.js').Message} Message */

/**
 * Fetches up to `limit` messages after `afterSeq`, oldest first (the hub's GetMessagesAfter).
 * @callback FetchAfter
 * @param {string} conversationId
 * @param {number} afterSeq
 * @param {number} limit
 * @returns {Promise<Message[]>}
 */

export class Timeline {
    /** @param {string} conversationId */
    constructor(conversationId) {
        this.conversationId = conversationId;
        /** @type {Message[]} shown: seq order, no gap */
        this.messages = [];
        /** @type {number | null} the highest seq shown without a gap; null until the history has loaded */
        this.lastSeq = null;
        /** @type {Map<number, Message>} received ahead of a gap, or while the history loads */
        this.early = new Map();
        this.hasOlder = false;
        this.catchingUp = false;
    }

    get isLoaded() {
        return this.lastSeq !== null;
    }

    get hasGap() {
        return this.early.size > 0;
    }

    /**
     * The newest page of history has come: the timeline starts from it, with what arrived meanwhile.
     * @param {Message[]} page oldest first
     * @returns {Message[]} the messages shown after the page, in order
     */
    begin(page) {
        this.messages = page.slice();
        this.hasOlder = page.length > 0 && page[0].seq > 1;
        this.lastSeq = page.length > 0 ? page[page.length - 1].seq : 0;
        return this.accept([]);
    }

    /**
     * Takes messages in any order, duplicates included.
     * @param {Message[]} incoming
     * @returns {Message[]} those now shown, in seq order (none beyond a gap)
     */
    accept(incoming) {
        for (const message of incoming) {
            if (message.conversationId === this.conversationId && (this.lastSeq === null || message.seq > this.lastSeq)) {
                this.early.set(message.seq, message);
            }
        }
        if (this.lastSeq === null) {
            return [];
        }
        for (const seq of [...this.early.keys()]) {
            if (seq <= this.lastSeq) {
                this.early.delete(seq);
            }
        }
        /** @type {Message[]} */
        const added = [];
        for (let next = this.early.get(this.lastSeq + 1); next; next = this.early.get(this.lastSeq + 1)) {
            this.early.delete(next.seq);
            this.lastSeq = next.seq;
            added.push(next);
        }
        this.messages.push(...added);
        return added;
    }

    /** @returns {number | null} the seq to page back from; null when nothing is shown */
    get oldestSeq() {
        return this.messages.length > 0 ? this.messages[0].seq : null;
    }

    /**
     * An older page of history, shown before the rest.
     * @param {Message[]} page oldest first
     * @returns {number} how many messages were added
     */
    prepend(page) {
        const oldest = this.oldestSeq ?? Infinity;
        const older = page.filter((m) => m.seq < oldest);
        this.messages = older.concat(this.messages);
        this.hasOlder = older.length > 0 && older[0].seq > 1;
        return older.length;
    }
}

/**
 * Fetches what the timeline misses after its last seq, page by page, until a page comes back short.
 * One catch-up at a time per timeline; a failure (the connection dropped) ends it: the next connect
 * catches up again.
 * @param {Timeline} timeline
 * @param {FetchAfter} fetchAfter
 * @param {number} pageSize
 * @param {(page: Message[]) => void} [onPage] sees every fetched page, before the timeline takes it
 * @returns {Promise<Message[]>} the messages now shown, in order
 */
export async function catchUp(timeline, fetchAfter, pageSize, onPage = () => {}) {
    if (timeline.catchingUp || timeline.lastSeq === null) {
        return [];
    }
    timeline.catchingUp = true;
    /** @type {Message[]} */
    const added = [];
    try {
        for (;;) {
            const from = /** @type {number} */ (timeline.lastSeq);
            const page = await fetchAfter(timeline.conversationId, from, pageSize);
            onPage(page);
            added.push(...timeline.accept(page));
            // A short page is the end; a page that moved nothing would only repeat itself.
            if (page.length < pageSize || timeline.lastSeq === from) {
                return added;
            }
        }
    } catch {
        return added;
    } finally {
        timeline.catchingUp = false;
    }
}
