// @ts-check
// A message's Markdown as a tree the page builds element by element (rich-text.js), never as HTML: what a
// sender writes only ever becomes text. markdown-it parses a chat's subset (bold, italic, strike, inline
// code, code blocks, quotes, lists, links), raw HTML off; links are only http, https and mailto, typed as
// Markdown or found in the text; the people a message mentions show as a highlighted @Name. Pure: markdown-it
// is passed in (the page loads its browser build, the tests the package).
import { mentionPattern } from './mentions.js';

/** @typedef {typeof import('markdown-it', { with: { 'resolution-mode': 'import' } }).default} MarkdownItFactory */
/** @typedef {import('markdown-it', { with: { 'resolution-mode': 'import' } }).Token} Token */
/** @typedef {import('markdown-it', { with: { 'resolution-mode': 'import' } }).StateCore} StateCore */

/** A search result's matches are marks (search.js). @typedef {'p' | 'strong' | 'em' | 's' | 'code' | 'pre' | 'blockquote' | 'ul' | 'ol' | 'li' | 'a' | 'mention' | 'mark'} RichTag */
/**
 * Text, or an element of the subset with its children: a link has its address, a numbered list its first
 * number. Frozen: a tree is shared by every view of the same text.
 * @typedef {string | { tag: RichTag, children: RichNode[], href?: string, start?: number }} RichNode
 */
/** Someone a message mentions: the names its text may hold, and how the mention shows. @typedef {{ names: string[], label: string }} Mentioned */

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

// markdown-it's own rule names: the subset a chat message may use.
const RULES = ['blockquote', 'code', 'fence', 'list', 'emphasis', 'strikethrough', 'backticks', 'link', 'linkify', 'autolink', 'escape', 'entity', 'newline'];

/** @type {Record<string, RichTag>} */
const TAGS = {
    paragraph_open: 'p', blockquote_open: 'blockquote', bullet_list_open: 'ul', ordered_list_open: 'ol', list_item_open: 'li',
    strong_open: 'strong', em_open: 'em', s_open: 's', link_open: 'a',
};

// Trees of texts shown again (every change to the page computes its views anew) are kept, up to a bound.
const CACHED_TREES = 2000;

/**
 * Whether a link may be followed: an absolute http, https or mailto address.
 * @param {string} href
 */
export function isSafeHref(href) {
    try {
        return SAFE_PROTOCOLS.has(new URL(href).protocol);
    } catch {
        return false;
    }
}

/**
 * @param {MarkdownItFactory} markdownit
 */
export function createMarkdown(markdownit) {
    const md = markdownit('zero', { html: false, linkify: true }).enable(RULES);
    // Only addresses with their scheme become links ("README.md" is a file name, not a site).
    md.linkify.set({ fuzzyLink: false, fuzzyIP: false });
    md.validateLink = isSafeHref;
    md.core.ruler.push('mentions', markMentions);
    /** @type {Map<string, RichNode[]>} */
    const trees = new Map();

    /**
     * @param {string} body
     * @param {Mentioned[]} [mentioned]
     * @returns {RichNode[]}
     */
    function tree(body, mentioned = []) {
        const key = `${mentioned.map((m) => m.names.join('\u0001') + m.label).join('\u0002')}\u0000${body}`;
        let found = trees.get(key);
        if (!found) {
            found = deepFreeze(build(md.parse(body, { mentioned })));
            if (trees.size >= CACHED_TREES) {
                trees.clear();
            }
            trees.set(key, found);
        }
        return found;
    }

    return {
        tree,
        /**
         * The text as a person reads it, without the Markdown's marks: for previews, notifications and
         * screen readers. Paragraphs and list items on lines of their own.
         * @param {string} body
         */
        plain: (body) => plainText(tree(body)).trim(),
        /**
         * A search's snippet: its Markdown formatted as in the message, on one line (paragraphs, items, quotes
         * and code blocks run on; links as their text), and the text of the ranges marked. Each range's ends go
         * through markdown-it as two characters the text does not hold, so they stay where they were in the words.
         * @param {string} body
         * @param {[number, number][]} ranges [from, to) in UTF-16 code units, in order and apart
         * @returns {RichNode[]}
         */
        marked(body, ranges) {
            const ends = rangeEnds(body);
            let text = '';
            let at = 0;
            for (const [from, to] of ranges) {
                text += `${body.slice(at, from)}${ends.open}${body.slice(from, to)}${ends.close}`;
                at = to;
            }
            return trimEnd(markRanges(build(md.parse(text + body.slice(at), {})), ends));
        },
    };
}

/**
 * The two characters that open and close a range: of Unicode's private use area, and not in the text. With the
 * patterns that find them in text and in a link's address (where markdown-it encodes them), and whether a range
 * is open at the point reached.
 * @typedef {{ open: string, close: string, inText: RegExp, inAddress: RegExp, inRange: boolean }} RangeEnds
 * @param {string} text
 * @returns {RangeEnds}
 */
function rangeEnds(text) {
    /** @type {string[]} */
    const unused = [];
    for (let code = 0xe000; unused.length < 2; code++) {
        const character = String.fromCharCode(code);
        if (!text.includes(character)) {
            unused.push(character);
        }
    }
    return {
        open: unused[0],
        close: unused[1],
        inText: new RegExp(`([${unused[0]}${unused[1]}])`),
        inAddress: new RegExp(`(${unused[0]}|${encodeURI(unused[0])})|${unused[1]}|${encodeURI(unused[1])}`, 'g'),
        inRange: false,
    };
}

/**
 * The tree on one line, each run of text between a range's ends marked, through any element it crosses; a link
 * is its text.
 * @param {RichNode[]} nodes
 * @param {RangeEnds} ends
 * @returns {RichNode[]}
 */
function markRanges(nodes, ends) {
    /** @type {RichNode[]} */
    const line = [];
    for (const node of nodes) {
        if (typeof node === 'string') {
            for (const part of node.split(ends.inText)) {
                if (part === ends.open || part === ends.close) {
                    ends.inRange = part === ends.open;
                } else if (part) {
                    line.push(ends.inRange ? { tag: 'mark', children: [part] } : part);
                }
            }
            continue;
        }
        const children = markRanges(node.children, ends);
        if (BLOCKS.has(node.tag)) {
            line.push(...trimEnd(children), ' ');
        } else if (node.tag === 'a') {
            line.push(...children); // a result is a button, and nothing clickable may sit in one
            // A range's end in the address still opens or closes it.
            for (const [, opened] of (node.href ?? '').matchAll(ends.inAddress)) {
                ends.inRange = opened !== undefined;
            }
        } else {
            line.push({ ...node, children });
        }
    }
    return line;
}

/** @param {RichNode[]} nodes without the spaces that end it */
function trimEnd(nodes) {
    let end = nodes.length;
    while (end > 0 && typeof nodes[end - 1] === 'string' && /** @type {string} */ (nodes[end - 1]).trim() === '') {
        end--;
    }
    return nodes.slice(0, end);
}

/** @typedef {ReturnType<typeof createMarkdown>} Markdown */

/**
 * Splits the text outside links at the mentions the message carries, into mention tokens.
 * @param {StateCore} state
 */
function markMentions(state) {
    const mentioned = /** @type {Mentioned[]} */ (state.env.mentioned ?? []);
    const pattern = mentionPattern(mentioned.flatMap((m) => m.names));
    if (!pattern) {
        return;
    }
    /** @param {string} text */
    const labelOf = (text) => mentioned.find((m) => m.names.some((n) => n.toLowerCase() === text.toLowerCase()))?.label ?? text;
    for (const block of state.tokens.filter((t) => t.type === 'inline')) {
        /** @type {Token[]} */
        const children = [];
        let inLink = 0;
        for (const token of block.children ?? []) {
            inLink += token.type === 'link_open' ? 1 : token.type === 'link_close' ? -1 : 0;
            if (token.type !== 'text' || inLink > 0) {
                children.push(token);
                continue;
            }
            let shown = 0;
            for (const match of token.content.matchAll(pattern)) {
                const start = match.index ?? 0;
                children.push(textToken(state, token.content.slice(shown, start)));
                const mention = new state.Token('mention', '', 0);
                mention.content = labelOf(match[0]);
                children.push(mention);
                shown = start + match[0].length;
            }
            children.push(shown === 0 ? token : textToken(state, token.content.slice(shown)));
        }
        block.children = children.filter((t) => t.type !== 'text' || t.content !== '');
    }
}

/**
 * @param {StateCore} state
 * @param {string} content
 */
function textToken(state, content) {
    const token = new state.Token('text', '', 0);
    token.content = content;
    return token;
}

/**
 * The tree of markdown-it's tokens: elements of the subset; anything else gives its text.
 * @param {Token[]} tokens
 * @returns {RichNode[]}
 */
function build(tokens) {
    /** @type {RichNode[][]} */
    const stack = [[]];
    const top = () => stack[stack.length - 1];
    for (const token of tokens) {
        if (token.type === 'inline') {
            top().push(...build(token.children ?? []));
        } else if (token.nesting === 1) {
            const element = openElement(token);
            if (element) {
                top().push(element);
                stack.push(element.children);
            } else {
                stack.push(top()); // a tight list's paragraph, a link not to follow: its children go where it is
            }
        } else if (token.nesting === -1) {
            stack.pop();
        } else if (token.type === 'fence' || token.type === 'code_block') {
            top().push({ tag: 'pre', children: [{ tag: 'code', children: [token.content.replace(/\n$/, '')] }] });
        } else if (token.type === 'code_inline') {
            top().push({ tag: 'code', children: [token.content] });
        } else if (token.type === 'mention') {
            top().push({ tag: 'mention', children: [token.content] });
        } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
            top().push('\n');
        } else if (token.content) {
            top().push(token.content);
        }
    }
    return stack[0];
}

/**
 * @param {Token} token
 * @returns {Exclude<RichNode, string> | null}
 */
function openElement(token) {
    const tag = TAGS[token.type];
    if (!tag || token.hidden) {
        return null;
    }
    if (tag === 'a') {
        const href = String(token.attrGet('href') ?? '');
        return isSafeHref(href) ? { tag, href, children: [] } : null;
    }
    const start = Number(token.attrGet('start') ?? 1);
    return tag === 'ol' && start !== 1 ? { tag, start, children: [] } : { tag, children: [] };
}

const BLOCKS = new Set(['p', 'pre', 'blockquote', 'ul', 'ol', 'li']);

/**
 * @param {RichNode[]} nodes
 * @returns {string}
 */
function plainText(nodes) {
    return nodes.map((n) => (typeof n === 'string' ? n : plainText(n.children) + (BLOCKS.has(n.tag) ? '\n' : ''))).join('');
}

/**
 * @template T
 * @param {T} value
 * @returns {T}
 */
function deepFreeze(value) {
    if (value && typeof value === 'object') {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}
