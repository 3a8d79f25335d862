// Messages and conversations as the server sends them, for the client's unit tests.

export const ME = 'me';
export const PEER = 'peer';

/**
 * @param {number} seq
 * @param {{ conversationId?: string, senderId?: string, body?: string }} [fields]
 */
export function message(seq, { conversationId = 'c1', senderId = PEER, body = `message ${seq}` } = {}) {
    return { conversationId, seq, senderId, clientMessageId: `${conversationId}-${seq}`, body, sentAt: '2026-01-01T10:00:00Z' };
}

/**
 * A change row: an edit ('messageEdited', body the new text), a deletion ('messageDeleted'), a reaction
 * ('reactionAdded', 'reactionRemoved', body the emoji), changing the message at targetSeq.
 * @param {number} seq
 * @param {string} kind
 * @param {number} targetSeq
 * @param {{ senderId?: string, body?: string, conversationId?: string }} [fields]
 */
export function change(seq, kind, targetSeq, { senderId = PEER, body = '', conversationId = 'c1' } = {}) {
    return { ...message(seq, { conversationId, senderId, body }), kind, targetSeq, sentAt: `2026-01-01T10:${String(seq % 60).padStart(2, '0')}:00Z` };
}

/** @param {number} first @param {number} last @param {{ conversationId?: string, senderId?: string }} [fields] */
export function messages(first, last, fields) {
    return Array.from({ length: last - first + 1 }, (_, i) => message(first + i, fields));
}

/** @param {Partial<ReturnType<typeof conversation>>} [fields] */
export function conversation(fields = {}) {
    return {
        id: 'c1',
        kind: 'direct',
        peer: { id: PEER, userName: 'bob', displayName: 'Bob', isOnline: false, lastSeenAt: null },
        lastSeq: 0,
        lastReadSeq: 0,
        unreadCount: 0,
        peerLastReadSeq: 0,
        peerLastDeliveredSeq: 0,
        lastMessage: null,
        ...fields,
    };
}

export const formats = { time: () => '10:00', date: () => '1 Jan' };
