// @ts-check
// Who is online, when someone was last seen, and who is typing. Presence comes from the server's
// snapshots (REST lists, WatchPresence answers) and its live notices, which are newer than any snapshot
// asked for before they came. For the people the hub watches, its answer and notices are the whole
// story: a REST list may have been read before a notice and arrive after it. Typing shows for a while
// after each notice. Pure: time is passed in.

/** @typedef {import('./contract.js').PresenceNotice} PresenceNotice */
/** @typedef {import('./contract.js').TypingNotice} TypingNotice */
/** @typedef {{ isOnline: boolean, lastSeenAt: string | null }} PersonPresence */

/** How often the page tells the server that this person is typing, at most. */
export const TYPING_NOTICE_EVERY_MS = 3000;

/** How long a typing notice shows: a little longer than the sender's interval between notices. */
export const TYPING_SHOWN_FOR_MS = 5000;

export class Presence {
    constructor() {
        /** @type {Record<string, PersonPresence>} */
        this.people = {};
        /** @type {Set<Set<string>>} per snapshot asked for and not yet answered: who had a live notice meanwhile */
        this.pending = new Set();
        /** @type {Set<string>} whom the hub tells this page about live: the people of its last answer (each connect asks again) */
        this.watched = new Set();
    }

    /**
     * What a REST list says of someone; for the people the hub watches, it says it better.
     * @param {string} userId
     * @param {{ isOnline: boolean, lastSeenAt?: string | null }} presence
     */
    note(userId, presence) {
        if (!this.watched.has(userId)) {
            remember(this.people, userId, presence);
        }
    }

    /** @param {string} userId */
    isOnline(userId) {
        return this.people[userId]?.isOnline === true;
    }

    /** @param {PresenceNotice} notice */
    noticed(notice) {
        for (const noticed of this.pending) {
            noticed.add(notice.userId);
        }
        remember(this.people, notice.userId, notice);
    }

    /**
     * The hub is being asked to watch people (WatchPresence): its answer is applied but for those with a
     * live notice meanwhile, and from then on the hub tells of them.
     * @returns {{ answered: (snapshot: PresenceNotice[]) => void, ended: () => void }}
     */
    asking() {
        /** @type {Set<string>} */
        const noticed = new Set();
        this.pending.add(noticed);
        return {
            answered: (snapshot) => {
                this.watched = new Set(snapshot.map((p) => p.userId));
                for (const p of snapshot.filter((p) => !noticed.has(p.userId))) {
                    remember(this.people, p.userId, p);
                }
            },
            ended: () => {
                this.pending.delete(noticed);
            },
        };
    }
}

/**
 * What the server told of someone, keeping the last seen time known when it told none. A function, not a
 * private method: the page holds a reactive proxy of its Presence, which private members refuse.
 * @param {Record<string, PersonPresence>} people
 * @param {string} userId
 * @param {{ isOnline: boolean, lastSeenAt?: string | null }} presence
 */
function remember(people, userId, { isOnline, lastSeenAt }) {
    const known = people[userId];
    people[userId] = { isOnline, lastSeenAt: lastSeenAt ?? known?.lastSeenAt ?? null };
}

/**
 * Whom to watch: the people shown, each once, no more than the server allows; sorted, so the same
 * people give the same list.
 * @param {string[]} userIds
 * @param {number} maxWatched
 * @returns {string[]}
 */
export function watchList(userIds, maxWatched) {
    return [...new Set(userIds)].slice(0, maxWatched).sort();
}

/**
 * @param {string | null | undefined} lastSeenAt
 * @param {number} now
 * @param {{ time: (date: Date) => string, date: (date: Date) => string }} format
 * @returns {string}
 */
export function lastSeenText(lastSeenAt, now, format) {
    if (!lastSeenAt) {
        return 'offline';
    }
    const seen = new Date(lastSeenAt);
    const minutes = Math.floor((now - seen.getTime()) / 60_000);
    if (minutes < 1) {
        return 'last seen just now';
    }
    if (minutes < 60) {
        return `last seen ${minutes} min ago`;
    }
    return minutes < 24 * 60 ? `last seen at ${format.time(seen)}` : `last seen ${format.date(seen)}`;
}

/** Who is typing where; several people may type in one conversation. */
export class Typing {
    constructor() {
        /** @type {Record<string, Record<string, number>>} conversation id → user id → shown until (ms) */
        this.until = {};
    }

    /**
     * @param {TypingNotice} notice
     * @param {number} now
     */
    started(notice, now) {
        this.until[notice.conversationId] = { ...this.until[notice.conversationId], [notice.userId]: now + TYPING_SHOWN_FOR_MS };
    }

    /**
     * They sent what they typed.
     * @param {string} conversationId
     * @param {string} userId
     */
    stopped(conversationId, userId) {
        const typers = this.until[conversationId];
        if (typers && userId in typers) {
            const { [userId]: _, ...rest } = typers;
            this.until[conversationId] = rest;
        }
    }

    /**
     * Forgets notices that have run out.
     * @param {number} now
     */
    expire(now) {
        for (const [conversationId, typers] of Object.entries(this.until)) {
            const current = Object.entries(typers).filter(([, until]) => until > now);
            if (current.length !== Object.keys(typers).length) {
                this.until[conversationId] = Object.fromEntries(current);
            }
        }
    }

    /**
     * Who is typing, until their notices are expired.
     * @param {string} conversationId
     * @returns {string[]} user ids
     */
    typers(conversationId) {
        return Object.keys(this.until[conversationId] ?? {});
    }
}

/**
 * Whether to tell the server that this person is typing now: not more often than every few seconds.
 * @param {number} lastSentAt
 * @param {number} now
 */
export function typingNoticeDue(lastSentAt, now) {
    return now - lastSentAt >= TYPING_NOTICE_EVERY_MS;
}
