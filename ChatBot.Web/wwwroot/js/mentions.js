// @ts-check
// Mentions: a message mentions the people of its conversation whose "@name" it holds (their display name or
// user name, as a word of its own); the composer suggests them as "@" is typed. The same rule finds the
// mentions in a message to send and the words to highlight in one shown. Pure.

/** Someone who may be mentioned. @typedef {{ id: string, displayName: string, userName: string }} Mentionable */
/** The composer's "@" being typed: where it starts and what follows it. @typedef {{ start: number, query: string }} MentionQuery */

/** How many people the composer suggests at once. */
export const MAX_SUGGESTIONS = 8;

/** @param {string} text */
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The ways a text names someone.
 * @param {Mentionable} person
 */
export const mentionNames = (person) => [`@${person.displayName}`, `@${person.userName}`].filter((name) => name.length > 1);

/**
 * Matches any of the names, as a word of its own (nothing of a word right before or after it); the longest
 * name first, so "@Ann Lee" is taken whole rather than as "@Ann".
 * @param {string[]} names
 * @returns {RegExp | null} global; null when there is no name
 */
export function mentionPattern(names) {
    if (names.length === 0) {
        return null;
    }
    const alternatives = [...new Set(names)].sort((a, b) => b.length - a.length).map(escaped).join('|');
    return new RegExp(`(?<![\\p{L}\\p{N}_@])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu');
}

/**
 * The people a text mentions.
 * @param {string} text
 * @param {Mentionable[]} people
 * @returns {string[]} their ids, each once
 */
export function mentionedIds(text, people) {
    return people.filter((person) => mentionPattern(mentionNames(person))?.test(text)).map((person) => person.id);
}

/**
 * The "@" being typed just before the caret, if any: at the start or after a space, with no space in what
 * follows it yet.
 * @param {string} text
 * @param {number} caret
 * @returns {MentionQuery | null}
 */
export function mentionQuery(text, caret) {
    const match = /(?:^|\s)@([^\s@]{0,32})$/u.exec(text.slice(0, caret));
    return match ? { start: caret - match[1].length - 1, query: match[1] } : null;
}

/**
 * Whom to suggest for what is typed after "@": those whose display or user name starts with it first, then
 * those whose names hold it; never oneself.
 * @param {Mentionable[]} people
 * @param {string} query
 * @param {string} myId
 * @returns {Mentionable[]}
 */
export function suggestions(people, query, myId) {
    const term = query.toLowerCase();
    const names = (/** @type {Mentionable} */ p) => [p.displayName.toLowerCase(), p.userName.toLowerCase()];
    const others = people.filter((p) => p.id !== myId);
    const starting = others.filter((p) => names(p).some((n) => n.startsWith(term)));
    const holding = others.filter((p) => !starting.includes(p) && names(p).some((n) => n.includes(term)));
    return [...starting, ...holding].slice(0, MAX_SUGGESTIONS);
}

/**
 * The text with the "@" being typed replaced by the person's display name and a space.
 * @param {string} text
 * @param {MentionQuery} typed
 * @param {number} caret
 * @param {Mentionable} person
 * @returns {{ text: string, caret: number }}
 */
export function insertMention(text, typed, caret, person) {
    const mention = `@${person.displayName} `;
    return { text: text.slice(0, typed.start) + mention + text.slice(caret).replace(/^ /, ''), caret: typed.start + mention.length };
}
