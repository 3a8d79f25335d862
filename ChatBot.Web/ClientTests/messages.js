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
