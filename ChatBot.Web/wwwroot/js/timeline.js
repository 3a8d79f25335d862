// @ts-check
// One conversation's timeline: its rows in seq order, each once, as the server numbered them. A seq
// beyond lastSeq + 1 is a gap: what comes after it waits, out of sight, until the gap is filled by a late
// delivery or by catching up from the server. Messages and events are shown; change rows are taken in the
// same order and folded into the message they change (changes.js), or kept until it is loaded. The timeline
// may be a window into the history (opened at a message) rather than its newest part: then live rows wait
// beyond it in the same way, for the pages down to them, and nothing is caught up. Pure: the fetching is
// passed in.
import { applyChange, applyToQuote, isChange, WaitingChanges } from './changes.js';

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
        /** @type {number | null} the highest seq taken without a gap; null until the history has loaded */
        this.lastSeq = null;
        /** @type {number | null} the lowest seq loaded, shown or not: older pages come from before it */
        this.oldestSeq = null;
        this.waiting = new WaitingChanges();
        /** @type {Map<number, Message>} received ahead of a gap, or while the history loads */
        this.early = new Map();
        this.hasOlder = false;
        /** a window: rows newer than lastSeq exist and come by paging down (or by starting again from the newest) */
        this.hasNewer = false;
        this.catchingUp = false;
    }

    get isLoaded() {
        return this.lastSeq !== null;
    }

    /** Rows wait beyond a missing one at the newest end: a window's rows wait for its pages instead. */
    get hasGap() {
        return !this.hasNewer && this.early.size > 0;
    }

    /**
     * A page of history has come: the timeline starts from it, with what arrived meanwhile. The newest page
     * ends at the newest row; a page around a message may end before it.
     * @param {Message[]} page oldest first
     * @param {number} [newestSeq] the newest seq known to exist when the page came: past the page, the
     *   timeline is a window (0: the page is the newest)
     * @returns {Message[]} the messages shown after the page, in order
     */
    begin(page, newestSeq = 0) {
        this.messages = [];
        this.oldestSeq = page.length > 0 ? page[0].seq : null;
        this.hasOlder = page.length > 0 && page[0].seq > 1;
        this.take(page);
        this.lastSeq = page.length > 0 ? page[page.length - 1].seq : 0;
        this.hasNewer = this.lastSeq < newestSeq;
        const shown = this.accept([]);
        // What arrived while the page was on its way may have joined it to the newest.
        this.hasNewer &&= this.lastSeq < newestSeq;
        return shown;
    }

    /**
     * A newer page of history, shown after the rest: a window paged down towards the newest rows.
     * @param {Message[]} page oldest first, from lastSeq + 1
     * @param {boolean} reachedNewest whether it came back short: nothing newer was stored when it was read,
     *   and what came after arrives live (or, when missed, by catching up)
     * @returns {Message[]} the messages and events added, with those that waited beyond the page
     */
    append(page, reachedNewest) {
        const added = this.accept(page);
        this.hasNewer &&= !reachedNewest;
        return added;
    }

    /**
     * How far seeing the row at seq reads: to it, or, for the newest row shown at the newest end, to the
     * last row taken (the change rows after it too).
     * @param {number} seq
     * @returns {number}
     */
    readUpTo(seq) {
        const newest = this.messages[this.messages.length - 1];
        return !this.hasNewer && newest && seq >= newest.seq ? Math.max(seq, this.lastSeq ?? 0) : seq;
    }

    /**
     * Takes rows in any order, duplicates included.
     * @param {Message[]} incoming
     * @returns {Message[]} the messages and events now shown, in seq order (none beyond a gap)
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
        const next = [];
        for (let row = this.early.get(this.lastSeq + 1); row; row = this.early.get(this.lastSeq + 1)) {
            this.early.delete(row.seq);
            this.lastSeq = row.seq;
            next.push(row);
        }
        // Newer than every row loaded, so than what their quotes say: the replies' quotes follow them.
        next.filter(isChange).forEach((row) => this.messages.forEach((message) => applyToQuote(message, row)));
        return this.take(next);
    }

    /**
     * An older page of history, shown before the rest.
     * @param {Message[]} page oldest first
     * @returns {number} how many messages and events were added
     */
    prepend(page) {
        const oldest = this.oldestSeq ?? Infinity;
        const older = page.filter((m) => m.seq < oldest);
        const shown = older.filter((m) => !isChange(m));
        this.messages = shown.concat(this.messages);
        if (older.length > 0) {
            this.oldestSeq = older[0].seq;
        }
        this.hasOlder = older.length > 0 && older[0].seq > 1;
        // In seq order: the page's own change rows, older than any that waited.
        older.filter(isChange).forEach((row) => this.fold(row));
        shown.forEach((message) => this.waiting.applyTo(message));
        if (!this.hasOlder) {
            this.waiting.byTarget.clear(); // their messages are from before this person joined: none will come
        }
        return shown.length;
    }

    /**
     * The message or event shown at seq, if it is loaded.
     * @param {number} seq
     * @returns {Message | null}
     */
    find(seq) {
        // In seq order: a binary search.
        let [low, high] = [0, this.messages.length - 1];
        while (low <= high) {
            const middle = (low + high) >> 1;
            const found = this.messages[middle];
            if (found.seq === seq) {
                return found;
            }
            [low, high] = found.seq < seq ? [middle + 1, high] : [low, middle - 1];
        }
        return null;
    }

    /**
     * Rows in seq order after what is shown: messages and events are added, change rows folded.
     * @param {Message[]} rows
     * @returns {Message[]} the messages and events added
     */
    take(rows) {
        /** @type {Message[]} */
        const added = [];
        for (const row of rows) {
            if (isChange(row)) {
                this.fold(row);
            } else {
                this.messages.push(row);
                added.push(row);
            }
        }
        return added;
    }

    /**
     * A change row goes to its message; one whose message is older than what is loaded waits for it, unless
     * nothing older will come (the message is from before this person joined).
     * @param {Message} row
     */
    fold(row) {
        const target = this.find(row.targetSeq ?? 0);
        if (target) {
            applyChange(target, row);
        } else if (this.hasOlder) {
            this.waiting.keep(row);
        }
    }
}

/**
 * Fetches what the timeline misses after its last seq, page by page, until a page comes back short.
 * One catch-up at a time per timeline; a failure (the connection dropped) ends it: the next connect
 * catches up again. A window catches nothing up: its pages bring what is newer.
 * @param {Timeline} timeline
 * @param {FetchAfter} fetchAfter
 * @param {number} pageSize
 * @param {(page: Message[]) => void} [onPage] sees every fetched page, before the timeline takes it
 * @returns {Promise<Message[]>} the messages now shown, in order
 */
export async function catchUp(timeline, fetchAfter, pageSize, onPage = () => {}) {
    if (timeline.catchingUp || timeline.lastSeq === null || timeline.hasNewer) {
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
