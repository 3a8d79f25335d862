// @ts-check
// A message's text as text and links, for rendering without HTML: only http and https addresses become
// links; anything else (javascript:, data:, mailto:, …) stays text. Pure.

/** @typedef {{ key: number, text: string, href: string }} TextPart href is '' for plain text */

const ADDRESS = /\bhttps?:\/\/[^\s<>"'`]+/gi;

// Punctuation after an address ends the sentence, not the address.
const TRAILING = /[.,;:!?'"\]}>]+$/;

/**
 * @param {string} text
 * @returns {TextPart[]}
 */
export function linkParts(text) {
    /** @type {{ text: string, href: string }[]} */
    const parts = [];
    let shown = 0;
    for (const match of text.matchAll(ADDRESS)) {
        const address = trimAddress(match[0]);
        const href = safeHref(address);
        const start = match.index ?? 0;
        if (!href) {
            continue;
        }
        if (start > shown) {
            parts.push({ text: text.slice(shown, start), href: '' });
        }
        parts.push({ text: address, href });
        shown = start + address.length;
    }
    if (shown < text.length) {
        parts.push({ text: text.slice(shown), href: '' });
    }
    return parts.map((part, key) => ({ key, ...part }));
}

/**
 * Trailing punctuation off, and a closing parenthesis unless the address opened one: "(see https://x.org/a)".
 * @param {string} address
 * @returns {string}
 */
function trimAddress(address) {
    let trimmed = address.replace(TRAILING, '');
    while (trimmed.endsWith(')') && count(trimmed, ')') > count(trimmed, '(')) {
        trimmed = trimmed.slice(0, -1).replace(TRAILING, '');
    }
    return trimmed;
}

/**
 * @param {string} text
 * @param {string} character
 */
function count(text, character) {
    return text.split(character).length - 1;
}

/**
 * @param {string} address
 * @returns {string | null}
 */
function safeHref(address) {
    try {
        const url = new URL(address);
        return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
        return null;
    }
}
