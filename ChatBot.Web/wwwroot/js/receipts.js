// @ts-check
// Receipts and unread counts. Unread = lastSeq − lastReadSeq. Read and delivered markers only move
// forward (max), whatever order receipts arrive in; what is read is delivered too. Pure.

/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Receipt} Receipt */
/** @typedef {'received' | 'sent' | 'delivered' | 'read'} TickState */

/**
 * A message of the conversation has been stored: it may be the newest, and it counts as unread unless
 * it is one's own (writing a message means having read up to it).
 * @param {Conversation} conversation
 * @param {Message} message
 * @param {string} myId
 */
export function applyMessage(conversation, message, myId) {
    conversation.lastSeq = Math.max(conversation.lastSeq, message.seq);
    if (!conversation.lastMessage || message.seq >= conversation.lastMessage.seq) {
        conversation.lastMessage = message;
    }
    if (message.senderId === myId) {
        conversation.lastReadSeq = Math.max(conversation.lastReadSeq, message.seq);
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
 * @param {Conversation} conversation
 */
function countUnread(conversation) {
    conversation.unreadCount = Math.max(0, conversation.lastSeq - conversation.lastReadSeq);
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
