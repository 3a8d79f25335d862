// @ts-check
// Change rows (an edit, a deletion, a reaction added or taken back) folded into the text message they
// change. A row changes its target once: only when its seq is past the target's changedSeq, which then
// becomes it. So the state a history page carries (as of reading it) and the rows that come live or by
// catching up may overlap, in any order, and each change still counts once. Pure.
import { MessageKinds } from './contract.js';

/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Reaction} Reaction */

const CHANGE_KINDS = new Set(/** @type {string[]} */ ([MessageKinds.messageEdited, MessageKinds.messageDeleted, MessageKinds.reactionAdded, MessageKinds.reactionRemoved]));

/** A change row: never shown, folded into the message at its targetSeq. @param {Message} row */
export const isChange = (row) => CHANGE_KINDS.has(row.kind ?? MessageKinds.text);

/** A text message, the only kind a change row may change. @param {Message} row */
export const isText = (row) => (row.kind ?? MessageKinds.text) === MessageKinds.text;

/**
 * Applies a change row to its target, unless the target's state already holds it.
 * @param {Message} message the text message at row.targetSeq
 * @param {Message} row
 * @returns {boolean} whether the message changed
 */
export function applyChange(message, row) {
    if (row.targetSeq !== message.seq || !isText(message) || row.seq <= (message.changedSeq ?? 0)) {
        return false;
    }
    message.changedSeq = row.seq;
    switch (row.kind) {
        case MessageKinds.messageEdited:
            message.body = row.body;
            message.editedAt = row.sentAt;
            break;
        case MessageKinds.messageDeleted:
            message.deleted = true;
            message.body = '';
            message.reactions = [];
            message.mentions = [];
            message.files = null; // a deleted message's files are no one's to see
            break;
        case MessageKinds.reactionAdded:
            message.reactions = withReaction(message.reactions ?? [], row.body, row.senderId, true);
            break;
        case MessageKinds.reactionRemoved:
            message.reactions = withReaction(message.reactions ?? [], row.body, row.senderId, false);
            break;
    }
    return true;
}

/**
 * The reactions with one person's emoji added or taken back; an emoji nobody uses any more goes, and one
 * used again comes last (the reactions are in the order each emoji was first used).
 * @param {Reaction[]} reactions
 * @param {string} emoji
 * @param {string} userId
 * @param {boolean} add
 * @returns {Reaction[]}
 */
export function withReaction(reactions, emoji, userId, add) {
    const others = (/** @type {Reaction} */ r) => r.userIds.filter((id) => id !== userId);
    const changed = reactions
        .map((r) => (r.emoji !== emoji ? r : { emoji, userIds: add ? [...others(r), userId] : others(r) }))
        .filter((r) => r.userIds.length > 0);
    return add && !changed.some((r) => r.emoji === emoji) ? [...changed, { emoji, userIds: [userId] }] : changed;
}

/**
 * A reply's quote of its original, as the server saw it when the reply was read, follows an edit or a
 * deletion of the original that is newer than that: it shows so even when the original is not loaded.
 * @param {Message} reply
 * @param {Message} row a change row newer than what was read
 */
export function applyToQuote(reply, row) {
    const quote = reply.replyTo;
    if (!quote || quote.deleted || reply.replyToSeq !== row.targetSeq) {
        return;
    }
    if (row.kind === MessageKinds.messageEdited) {
        quote.excerpt = row.body;
    } else if (row.kind === MessageKinds.messageDeleted) {
        quote.deleted = true;
        quote.excerpt = '';
    }
}

/**
 * Change rows whose target is not loaded yet (older than what is shown), kept by target until it comes.
 */
export class WaitingChanges {
    constructor() {
        /** @type {Map<number, Message[]>} by targetSeq, each list in seq order */
        this.byTarget = new Map();
    }

    /** @param {Message} row */
    keep(row) {
        const target = /** @type {number} */ (row.targetSeq);
        const rows = this.byTarget.get(target) ?? [];
        if (!rows.some((r) => r.seq === row.seq)) {
            rows.push(row);
            rows.sort((a, b) => a.seq - b.seq);
        }
        this.byTarget.set(target, rows);
    }

    /**
     * The target has come: what waited for it is applied, in seq order.
     * @param {Message} message
     */
    applyTo(message) {
        const rows = this.byTarget.get(message.seq);
        if (rows) {
            this.byTarget.delete(message.seq);
            rows.forEach((row) => applyChange(message, row));
        }
    }
}

/**
 * A message as it shows while this person's changes to it wait in the outbox: the text of the last edit,
 * deleted, its reactions toggled; and which change is on its way ('edit', 'delete' or '').
 * @param {Message} message
 * @param {import('./outbox.js').OutboxEntry[]} entries the outbox's changes to it, oldest first
 * @param {string} myId
 * @returns {{ body: string, deleted: boolean, reactions: Reaction[], saving: '' | 'edit' | 'delete' }}
 */
export function withPending(message, entries, myId) {
    let [body, deleted, reactions] = [message.body, message.deleted === true, message.reactions ?? []];
    /** @type {'' | 'edit' | 'delete'} */
    let saving = '';
    for (const entry of entries.filter((e) => e.seq === message.seq && !deleted)) {
        if (entry.kind === 'edit') {
            [body, saving] = [entry.body, 'edit'];
        } else if (entry.kind === 'delete') {
            [body, deleted, reactions, saving] = ['', true, [], 'delete'];
        } else if (entry.kind === 'reaction') {
            const had = reactions.some((r) => r.emoji === entry.body && r.userIds.includes(myId));
            reactions = withReaction(reactions, entry.body, myId, !had);
        }
    }
    return { body, deleted, reactions, saving };
}
