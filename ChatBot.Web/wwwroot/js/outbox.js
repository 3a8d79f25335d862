// @ts-check
// Messages written, and edits, deletions and reactions made, but not yet acknowledged. They are kept in
// storage (localStorage in the page), so a reload or a crash of the tab loses none; each goes again with the
// same client message id until the server has it, and the server stores it once: its stored row is the
// acknowledgement. Pure: storage, sending and timers are passed in.
import { HubMethods, RefusalCodes } from './contract.js';
import { hubRefusal } from './refusals.js';

/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Refusal} Refusal */
/** @typedef {import('./contract.js').FileDto} FileDto */
/** @typedef {{ getItem(key: string): string | null, setItem(key: string, value: string): void }} KeyValueStore */

/** What an entry asks the server to do. */
export const OutboxKinds = Object.freeze({ text: 'text', edit: 'edit', delete: 'delete', reaction: 'reaction' });

/** @typedef {'text' | 'edit' | 'delete' | 'reaction'} OutboxKind */

/**
 * A message to store (`kind` 'text', with the message it replies to, whom it mentions, and the files uploaded
 * for it: `fileIds`, what is sent, and `files`, what shows while it waits), or a change to
 * the stored message at `seq`: its new text ('edit'), its deletion ('delete'), or this person's reaction
 * toggled ('reaction', `body` the emoji).
 * @typedef {{
 *   clientMessageId: string,
 *   conversationId: string,
 *   kind: OutboxKind,
 *   body: string,
 *   seq?: number,
 *   replyToSeq?: number,
 *   mentions?: string[],
 *   fileIds?: string[],
 *   files?: FileDto[],
 *   createdAt: string,
 *   state: 'sending' | 'failed',
 *   error: string,
 * }} OutboxEntry
 */

/** What an entry's kind adds to it. @typedef {{ kind?: OutboxKind, seq?: number, replyToSeq?: number, mentions?: string[], fileIds?: string[], files?: FileDto[] }} EntryDetails */

/** Each kind's hub method. */
const METHODS = Object.freeze({
    text: HubMethods.sendMessage, edit: HubMethods.editMessage, delete: HubMethods.deleteMessage, reaction: HubMethods.toggleReaction,
});

export class Outbox {
    /**
     * @param {KeyValueStore} store
     * @param {string} userId whose outbox: people sharing a browser keep theirs apart
     */
    constructor(store, userId) {
        this.store = store;
        this.key = `chatbot.outbox.${userId}`;
        /** @type {OutboxEntry[]} oldest first */
        this.entries = load(store, this.key);
    }

    /**
     * @param {string} conversationId
     * @param {string} body
     * @param {string} clientMessageId
     * @param {Date} now
     * @param {EntryDetails} [details] a message's by default
     * @returns {OutboxEntry}
     */
    add(conversationId, body, clientMessageId, now, { kind = 'text', ...details } = {}) {
        /** @type {OutboxEntry} */
        const entry = { clientMessageId, conversationId, kind, body, ...details, createdAt: now.toISOString(), state: 'sending', error: '' };
        this.entries.push(entry);
        this.save();
        return entry;
    }

    /** @param {string} clientMessageId */
    find(clientMessageId) {
        return this.entries.find((e) => e.clientMessageId === clientMessageId) ?? null;
    }

    /**
     * The server has it (or, for a change refused for good, it is given up): it leaves the outbox.
     * @param {string} clientMessageId
     */
    acknowledge(clientMessageId) {
        const index = this.entries.findIndex((e) => e.clientMessageId === clientMessageId);
        if (index >= 0) {
            this.entries.splice(index, 1);
            this.save();
        }
    }

    /**
     * Refused for good: it stays, shown as not sent, until the person retries it.
     * @param {string} clientMessageId
     * @param {string} error
     */
    fail(clientMessageId, error) {
        this.update(clientMessageId, { state: 'failed', error });
    }

    /** @param {string} clientMessageId */
    retry(clientMessageId) {
        this.update(clientMessageId, { state: 'sending', error: '' });
    }

    /** @returns {OutboxEntry[]} what is to be sent (again) */
    get waiting() {
        return this.entries.filter((e) => e.state === 'sending');
    }

    /**
     * @param {string} conversationId
     * @returns {OutboxEntry[]}
     */
    in(conversationId) {
        return this.entries.filter((e) => e.conversationId === conversationId);
    }

    /**
     * @param {string} clientMessageId
     * @param {Pick<OutboxEntry, 'state' | 'error'>} change
     */
    update(clientMessageId, change) {
        const entry = this.find(clientMessageId);
        if (entry) {
            Object.assign(entry, change);
            this.save();
        }
    }

    save() {
        try {
            this.store.setItem(this.key, JSON.stringify(this.entries));
        } catch {
            // Storage full or disabled: the outbox still works for this page's lifetime.
        }
    }
}

/**
 * @param {KeyValueStore} store
 * @param {string} key
 * @returns {OutboxEntry[]}
 */
function load(store, key) {
    try {
        const entries = JSON.parse(store.getItem(key) ?? '[]');
        return Array.isArray(entries) ? entries.filter(isEntry) : [];
    } catch {
        return [];
    }
}

/**
 * An entry as stored; one stored before entries had kinds is a message.
 * @param {any} entry
 * @returns {entry is OutboxEntry}
 */
function isEntry(entry) {
    if (entry && typeof entry === 'object') {
        entry.kind ??= OutboxKinds.text;
    }
    return typeof entry?.clientMessageId === 'string' && typeof entry.conversationId === 'string'
        && typeof entry.body === 'string' && (entry.state === 'sending' || entry.state === 'failed')
        && Object.hasOwn(METHODS, entry.kind) && (entry.kind === OutboxKinds.text || typeof entry.seq === 'number')
        && (entry.fileIds === undefined || (Array.isArray(entry.fileIds) && entry.fileIds.every((/** @type {unknown} */ id) => typeof id === 'string')))
        && (entry.files === undefined || Array.isArray(entry.files));
}

/**
 * The hub method an entry goes by, and what it sends.
 * @param {OutboxEntry} entry
 * @returns {[string, object]}
 */
export function requestOf(entry) {
    const { conversationId, clientMessageId, body, seq, replyToSeq, mentions, fileIds } = entry;
    switch (entry.kind) {
        case OutboxKinds.edit:
            return [METHODS.edit, { conversationId, clientMessageId, seq, body }];
        case OutboxKinds.delete:
            return [METHODS.delete, { conversationId, clientMessageId, seq }];
        case OutboxKinds.reaction:
            return [METHODS.reaction, { conversationId, clientMessageId, seq, emoji: body }];
        default:
            // Files only when there are some: a message without is sent as it always was.
            return [METHODS.text, { conversationId, clientMessageId, body, replyToSeq: replyToSeq ?? null, mentions: mentions ?? [], ...(fileIds?.length ? { fileIds } : {}) }];
    }
}

/**
 * Why a draft cannot be sent, in the server's words for the same refusal; '' when it can. A message with
 * files may have no text.
 * @param {string} body trimmed
 * @param {number} maxLength the server's limit
 * @param {number} [fileCount] the files it carries
 */
export function draftProblem(body, maxLength, fileCount = 0) {
    if (body.length === 0 && fileCount === 0) {
        return 'A message cannot be empty.';
    }
    return body.length > maxLength ? `A message has at most ${maxLength} characters; this one has ${body.length}.` : '';
}

/**
 * What becomes of a send that did not succeed: the refusal decides, by its code.
 * @param {Refusal | null} refusal null when the connection dropped before the server answered
 * @returns {{ action: 'wait' } | { action: 'retry', afterMs: number } | { action: 'fail', error: string }}
 */
export function afterFailedSend(refusal) {
    if (refusal === null) {
        return { action: 'wait' }; // sent again, same id, when the connection is back
    }
    // Over the quota, or the message could not be stored just now: it goes again, by itself, when the server says.
    if (refusal.code === RefusalCodes.rateLimited || refusal.code === RefusalCodes.unavailable) {
        return { action: 'retry', afterMs: Math.max(1, refusal.retryAfterSeconds ?? 1) * 1000 };
    }
    return { action: 'fail', error: refusal.message };
}

/**
 * Sends outbox entries, each with the same id on every attempt, and follows what the server answers. A
 * message refused for good stays, shown as not sent, until the person retries it; a change refused for good
 * (its message was deleted meanwhile, say) is given up, and the refusal said.
 * @param {{
 *   outbox: Outbox,
 *   send: (method: string, request: object) => Promise<Message>,
 *   isConnected: () => boolean,
 *   onStored: (message: Message) => void,
 *   onGivenUp?: (entry: OutboxEntry, error: string) => void,
 *   schedule?: (action: () => void, ms: number) => void,
 * }} parts
 */
export function outboxSender({ outbox, send, isConnected, onStored, onGivenUp = () => {}, schedule = setTimeout }) {
    /** @param {string} clientMessageId */
    async function deliver(clientMessageId) {
        const entry = outbox.find(clientMessageId);
        if (!entry || entry.state !== 'sending' || !isConnected()) {
            return; // sent when the connection is back
        }
        try {
            const stored = await send(...requestOf(entry));
            outbox.acknowledge(clientMessageId);
            onStored(stored);
        } catch (error) {
            const next = afterFailedSend(hubRefusal(error));
            if (next.action === 'retry') {
                schedule(() => deliver(clientMessageId), next.afterMs);
            } else if (next.action === 'fail' && entry.kind === OutboxKinds.text) {
                outbox.fail(clientMessageId, next.error);
            } else if (next.action === 'fail') {
                outbox.acknowledge(clientMessageId);
                onGivenUp(entry, next.error);
            }
        }
    }

    return {
        deliver,
        /** On every connect: everything waiting goes (again). */
        resendWaiting() {
            for (const entry of outbox.waiting) {
                deliver(entry.clientMessageId);
            }
        },
    };
}

/**
 * A version 7 UUID: the time in milliseconds first, then random bits. One person's ids come in order, so the
 * server's index of them grows at its end instead of at random places. crypto.randomUUID (version 4 only)
 * exists only in secure contexts; getRandomValues everywhere.
 * @param {(bytes: Uint8Array<ArrayBuffer>) => void} [fillRandom]
 * @param {number} [now] milliseconds since 1970
 * @returns {string}
 */
export function newMessageId(fillRandom = (bytes) => crypto.getRandomValues(bytes), now = Date.now()) {
    const bytes = new Uint8Array(16);
    fillRandom(bytes);
    for (let i = 5, time = now; i >= 0; i--, time = Math.floor(time / 256)) {
        bytes[i] = time % 256;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x70;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
