// @ts-check
// Reactions: the quick row of common emoji, what counts as one emoji, whether one more may be added, and
// how the reactions under a message read (a count per emoji; who, for the pointer, the focus and screen
// readers). Pure: names are looked up through a function passed in.

/** @typedef {import('./contract.js').Reaction} Reaction */
/** @typedef {(userId: string) => string} NameOf */
/** @typedef {{ key: string, emoji: string, count: number, mine: boolean, pressed: 'true' | 'false', who: string, label: string }} ReactionView */

/** The picker's quick row, each with what a screen reader says of its button. */
export const QUICK_REACTIONS = Object.freeze(['👍', '❤️', '😂', '😮', '😢', '🙏'].map((emoji) => ({ emoji, label: `React with ${emoji}` })));

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;

/**
 * Whether the text is one emoji: a single grapheme cluster (a flag, a skin tone, a family are one) that is
 * pictographic.
 * @param {string} text
 */
export function isOneEmoji(text) {
    const graphemes = [...segmenter.segment(text)];
    return graphemes.length === 1 && EMOJI.test(text);
}

/**
 * Why the reaction cannot be toggled; '' when it can (an emoji already there can be added or taken back).
 * @param {string[]} used the emoji under the message
 * @param {string} emoji
 * @param {number} maxReactions the server's limit of different emoji on a message
 */
export function reactionProblem(used, emoji, maxReactions) {
    if (!isOneEmoji(emoji)) {
        return 'A reaction is one emoji.';
    }
    return used.includes(emoji) || used.length < maxReactions ? '' : `A message has at most ${maxReactions} different reactions.`;
}

/**
 * @param {Reaction[]} reactions
 * @param {string} myId
 * @param {NameOf} nameOf
 * @returns {ReactionView[]}
 */
export function reactionViews(reactions, myId, nameOf) {
    return reactions.map(({ emoji, userIds }) => {
        const mine = userIds.includes(myId);
        // One's own first, as "You".
        const names = [...(mine ? ['You'] : []), ...userIds.filter((id) => id !== myId).map(nameOf)];
        const who = names.join(', ');
        return { key: emoji, emoji, count: userIds.length, mine, pressed: mine ? 'true' : 'false', who, label: `${emoji} ${userIds.length}: ${who}` };
    });
}
