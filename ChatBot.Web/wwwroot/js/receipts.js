// @ts-check
// Receipts and unread counts. Unread counts the rows shown in the timeline (messages and events, not
// change rows) from others after the read marker; unread mentions, the messages among them that mention this
// person. Read and delivered markers only move forward (max), whatever order receipts arrive in; what is read
// is delivered too; the read marker moves to the rows the person has had in view. Pure.
import { applyChange, isChange } from './changes.js';
import { MessageKinds } from './contract.js';

const ROUNDING_PX = 1; // a row's box and the pane's may be measured a fraction of a pixel apart

/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Receipt} Receipt */
/** @typedef {'received' | 'sent' | 'delivered' | 'read'} TickState */
/**
 * What is unread, as counted: the server's counts as of its summary (up to its lastSeq), and the rows shown
 * from others that came after, each once.
 * @typedef {{ upTo: number, unread: number, mentions: number, later: { seq: number, mention: boolean }[] }} UnreadTally
 */

/**
 * A row of the conversation has been stored: a message or event may be the newest, and counts as unread
 * unless it is one's own (writing, editing or reacting means having read up to it); a change row changes the
 * last message when it is its target.
 * @param {Conversation} conversation
 * @param {Message} message
 * @param {string} myId
 */
export function applyMessage(conversation, message, myId) {
    const tally = tallyOf(conversation);
    conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
    const last = conversation.lastMessage;
    if (isChange(message)) {
        if (last && last.seq === message.targetSeq) {
            applyChange(last, message);
        }
        if (message.kind === MessageKinds.messageDeleted) {
            tally.later.filter((row) => row.seq === message.targetSeq).forEach((row) => { row.mention = false; });
        }
    } else if (!last || message.seq >= last.seq) {
        conversation.lastMessage = message;
    }
    if (message.senderId === myId) {
        conversation.lastReadSeq = Math.max(conversation.lastReadSeq, message.seq);
    } else if (!isChange(message) && message.seq > tally.upTo && message.seq > conversation.lastReadSeq && !tally.later.some((row) => row.seq === message.seq)) {
        tally.later.push({ seq: message.seq, mention: (message.mentions ?? []).includes(myId) });
    }
    countUnread(conversation);
}

/**
 * This person has read up to `seq` (on this device).
 * @param {Conversation} conversation
 * @param {number} seq
 * @returns {boolean} whether the marker moved, and so whether the server is to be told
 */
export function markRead(conversation, seq) {
    if (seq <= conversation.lastReadSeq) {
        return false;
    }
    conversation.lastReadSeq = seq;
    countUnread(conversation);
    return true;
}

/**
 * A member has read up to the receipt's seq: this person on another device, or the other member.
 * @param {Conversation} conversation
 * @param {Receipt} receipt
 * @param {string} myId
 */
export function applyReadReceipt(conversation, receipt, myId) {
    if (receipt.userId === myId) {
        markRead(conversation, receipt.upToSeq);
        return;
    }
    conversation.peerLastReadSeq = Math.max(conversation.peerLastReadSeq, receipt.upToSeq);
    conversation.peerLastDeliveredSeq = Math.max(conversation.peerLastDeliveredSeq, receipt.upToSeq);
}

/**
 * A device of a member has the messages up to the receipt's seq. One's own devices do not count.
 * @param {Conversation} conversation
 * @param {Receipt} receipt
 * @param {string} myId
 */
export function applyDeliveredReceipt(conversation, receipt, myId) {
    if (receipt.userId !== myId) {
        conversation.peerLastDeliveredSeq = Math.max(conversation.peerLastDeliveredSeq, receipt.upToSeq);
    }
}

/**
 * The summary's counts, kept as they were told, beside what came after.
 * @param {Conversation} conversation
 * @returns {UnreadTally}
 */
function tallyOf(conversation) {
    conversation.tally ??= { upTo: conversation.lastSeq, unread: conversation.unreadCount, mentions: conversation.unreadMentions ?? 0, later: [] };
    return conversation.tally;
}

/**
 * Of the summary's unread rows, those after the read marker: at most as many as its rows after it (all of
 * them when it moves past the summary's lastSeq). Of the rows after the summary, those after the marker.
 * @param {Conversation} conversation
 */
function countUnread(conversation) {
    const tally = tallyOf(conversation);
    const read = conversation.lastReadSeq;
    tally.later = tally.later.filter((row) => row.seq > read);
    const earlier = read >= tally.upTo ? 0 : Math.min(tally.unread, tally.upTo - read);
    conversation.unreadCount = earlier + tally.later.length;
    conversation.unreadMentions = Math.min(tally.mentions, earlier) + tally.later.filter((row) => row.mention).length;
}

/**
 * How far the person has read in what the pane shows: the last row whose bottom edge is in view. A row is
 * read once its end has been seen (one taller than the pane, once its end comes up), and so is every row
 * before it.
 * @param {number} count the rows, in seq order: the order they are laid out in, top to bottom
 * @param {(index: number) => { top: number, bottom: number }} boxOf where a row is, measured as the view is
 * @param {{ top: number, bottom: number }} view
 * @returns {number} the row's index; -1 when no row's end is in view
 */
export function lastRowInView(count, boxOf, view) {
    // The rows' bottom edges go down with their index: the last one above the view's bottom, by halving.
    let [low, high, found] = [0, count - 1, -1];
    while (low <= high) {
        const middle = (low + high) >> 1;
        if (boxOf(middle).bottom <= view.bottom + ROUNDING_PX) {
            [found, low] = [middle, middle + 1];
        } else {
            high = middle - 1;
        }
    }
    return found >= 0 && boxOf(found).bottom > view.top ? found : -1;
}

/**
 * @param {Conversation[]} conversations
 * @returns {number}
 */
export function unreadTotal(conversations) {
    return conversations.reduce((sum, c) => sum + c.unreadCount, 0);
}

/**
 * The ticks of a message: someone else's is received; one's own is sent (stored), then delivered, then read.
 * @param {Message} message
 * @param {Conversation} conversation
 * @param {string} myId
 * @returns {TickState}
 */
export function tickState(message, conversation, myId) {
    if (message.senderId !== myId) {
        return 'received';
    }
    if (message.seq <= conversation.peerLastReadSeq) {
        return 'read';
    }
    return message.seq <= conversation.peerLastDeliveredSeq ? 'delivered' : 'sent';
}

/**
 * Delivery receipts to send: the highest seq this device has received per conversation, gathered so
 * that a burst of messages is told to the server once.
 */
export class DeliveryReceipts {
    constructor() {
        /** @type {Map<string, number>} */
        this.upTo = new Map();
    }

    /**
     * @param {string} conversationId
     * @param {number} seq
     * @returns {boolean} whether this is the first since the last take: time to schedule sending
     */
    note(conversationId, seq) {
        const first = this.upTo.size === 0;
        if (seq > (this.upTo.get(conversationId) ?? 0)) {
            this.upTo.set(conversationId, seq);
        }
        return first;
    }

    /** @returns {[string, number][]} what to send, now forgotten */
    take() {
        const receipts = [...this.upTo];
        this.upTo.clear();
        return receipts;
    }
}
