// @ts-check
// Groups: what their events say in the timeline and change in the conversation, who has read a message
// ("Read by 2 of 4"), who is typing, what a new group needs before it is sent, and each member's read and
// delivered positions as receipts arrive. Pure: names are looked up through a function passed in.
import { MessageKinds } from './contract.js';

/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Message} Message */
/** @typedef {import('./contract.js').Member} Member */
/** @typedef {import('./contract.js').Receipt} Receipt */
/** @typedef {import('./contract.js').Limits} Limits */
/** @typedef {(userId: string) => string} NameOf */

/** @param {Conversation | null | undefined} conversation */
export const isGroup = (conversation) => conversation?.kind === 'group';

const EVENT_KINDS = new Set(/** @type {string[]} */ ([
    MessageKinds.groupCreated, MessageKinds.memberAdded, MessageKinds.memberRemoved, MessageKinds.memberLeft,
    MessageKinds.adminMade, MessageKinds.groupRenamed,
]));

/** A group's event: a line of the timeline of its own. @param {Message} message */
export const isEvent = (message) => EVENT_KINDS.has(message.kind ?? MessageKinds.text);

/**
 * What a group's event says, as one line of the timeline.
 * @param {Message} event
 * @param {NameOf} nameOf
 * @param {string} myId
 */
export function eventText(event, nameOf, myId) {
    /** @param {string | null | undefined} id @param {boolean} [start] */
    const who = (id, start = false) => (id === myId ? (start ? 'You' : 'you') : nameOf(id ?? ''));
    const actor = who(event.senderId, true);
    switch (event.kind) {
        case MessageKinds.groupCreated:
            return `${actor} created the group “${event.body}”`;
        case MessageKinds.memberAdded:
            return `${actor} added ${who(event.subjectId)}`;
        case MessageKinds.memberRemoved:
            return `${actor} removed ${who(event.subjectId)}`;
        case MessageKinds.memberLeft:
            return `${actor} left`;
        case MessageKinds.adminMade:
            return event.subjectId === myId ? 'You are now an admin' : `${who(event.subjectId, true)} is now an admin`;
        case MessageKinds.groupRenamed:
            return `${actor} renamed the group to “${event.body}”`;
        default:
            return event.body;
    }
}

/**
 * Notes the names the rows carry, by user id: every row its sender's, an event whom it is about, a reply the
 * sender of the message it replies to. A group's lines then name people the page never saw as members (a
 * member of a group it never opened, someone added and removed before this person joined, a former member's
 * leaving); a row without them leaves the names as they were.
 * @param {Record<string, string>} names
 * @param {Message[]} messages
 */
export function noteNamesCarried(names, messages) {
    for (const m of messages) {
        if (m.senderName) {
            names[m.senderId] = m.senderName;
        }
        if (m.subjectId && m.subjectName) {
            names[m.subjectId] = m.subjectName;
        }
        if (m.replyTo?.senderName) {
            names[m.replyTo.senderId] = m.replyTo.senderName;
        }
    }
}

/**
 * Whether the event ends this person's membership: they were removed, or left.
 * @param {Message} event
 * @param {string} myId
 */
export function removesMe(event, myId) {
    return (event.kind === MessageKinds.memberRemoved && event.subjectId === myId)
        || (event.kind === MessageKinds.memberLeft && event.senderId === myId);
}

/**
 * What a group's event changes in the conversation as this person's list holds it: its name, its member
 * count, this person's role, or that they are no longer in it. An event the conversation already counts
 * (its seq at or below the conversation's last: a summary fetched after it, or the event told twice)
 * changes nothing.
 * @param {Conversation} conversation
 * @param {Message} event
 * @param {string} myId
 */
export function applyGroupEvent(conversation, event, myId) {
    if (event.seq <= conversation.lastSeq) {
        return;
    }
    if (event.kind === MessageKinds.groupRenamed) {
        conversation.name = event.body;
    }
    if (removesMe(event, myId)) {
        conversation.isGone = true; // what was seen stays on screen until the page is reloaded
        return;
    }
    if (event.kind === MessageKinds.memberAdded || event.kind === MessageKinds.memberRemoved || event.kind === MessageKinds.memberLeft) {
        conversation.memberCount = (conversation.memberCount ?? 0) + (event.kind === MessageKinds.memberAdded ? 1 : -1);
    }
    if (event.kind === MessageKinds.adminMade && event.subjectId === myId) {
        conversation.role = 'admin';
    }
}

/**
 * Who of the others has read one's own message: those who were in the group at its seq.
 * @param {number} seq
 * @param {Member[]} members
 * @param {string} myId
 * @returns {{ readers: Member[], total: number }}
 */
export function readBy(seq, members, myId) {
    const others = members.filter((m) => m.user.id !== myId && m.joinedSeq <= seq);
    return { readers: others.filter((m) => m.lastReadSeq >= seq), total: others.length };
}

/**
 * "Read by 2 of 4", or where fewer have it, "Delivered to 3 of 4", else "Sent".
 * @param {number} seq
 * @param {Member[]} members
 * @param {string} myId
 */
export function groupTicks(seq, members, myId) {
    const { readers, total } = readBy(seq, members, myId);
    if (readers.length > 0) {
        return `Read by ${readers.length} of ${total}`;
    }
    const delivered = members.filter((m) => m.user.id !== myId && m.joinedSeq <= seq && m.lastDeliveredSeq >= seq).length;
    return delivered > 0 ? `Delivered to ${delivered} of ${total}` : '✓ Sent';
}

/**
 * "Ann is typing…", "Ann and Ben are typing…", "Ann, Ben and 2 others are typing…".
 * @param {string[]} names
 */
export function typingText(names) {
    switch (names.length) {
        case 0:
            return '';
        case 1:
            return `${names[0]} is typing…`;
        case 2:
            return `${names[0]} and ${names[1]} are typing…`;
        case 3:
            return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
        default:
            return `${names[0]}, ${names[1]} and ${names.length - 2} others are typing…`;
    }
}

/**
 * What is wrong with a group's name, as the server would say it; '' when nothing.
 * @param {string} name
 * @param {Limits} limits
 */
export function groupNameProblem(name, limits) {
    const trimmed = name.trim();
    if (!trimmed) {
        return 'A group needs a name.';
    }
    return trimmed.length > limits.maxGroupNameLength
        ? `A group's name has at most ${limits.maxGroupNameLength} characters; this one has ${trimmed.length}.`
        : '';
}

/**
 * What stops a new group from being made; '' when nothing.
 * @param {string} name
 * @param {string[]} picked the others chosen
 * @param {Limits} limits
 */
export function newGroupProblem(name, picked, limits) {
    const others = picked.length;
    if (others < limits.minGroupMembers - 1) {
        const more = limits.minGroupMembers - 1 - others;
        return `Pick ${more} more ${more === 1 ? 'person' : 'people'}: a group has you and at least ${limits.minGroupMembers - 1} others.`;
    }
    if (others + 1 > limits.maxGroupMembers) {
        return `A group has at most ${limits.maxGroupMembers} people.`;
    }
    return groupNameProblem(name, limits);
}

/**
 * The people picked for a group, with one toggled.
 * @param {string[]} picked
 * @param {string} userId
 */
export function togglePicked(picked, userId) {
    return picked.includes(userId) ? picked.filter((id) => id !== userId) : [...picked, userId];
}

/**
 * A receipt moves a member's positions forward (never back); what is read is delivered too.
 * @param {Member[]} members
 * @param {Receipt} receipt
 * @param {'read' | 'delivered'} kind
 */
export function applyMemberReceipt(members, receipt, kind) {
    const member = members.find((m) => m.user.id === receipt.userId);
    if (!member) {
        return;
    }
    member.lastDeliveredSeq = Math.max(member.lastDeliveredSeq, receipt.upToSeq);
    if (kind === 'read') {
        member.lastReadSeq = Math.max(member.lastReadSeq, receipt.upToSeq);
    }
}

/**
 * The members as the panel lists them: admins first, then by when they joined, then by name.
 * @param {Member[]} members
 */
export function sortedMembers(members) {
    const rank = (/** @type {Member} */ m) => (m.role === 'admin' ? 0 : 1);
    return [...members].sort((a, b) => rank(a) - rank(b) || a.joinedSeq - b.joinedSeq || a.user.displayName.localeCompare(b.user.displayName));
}
