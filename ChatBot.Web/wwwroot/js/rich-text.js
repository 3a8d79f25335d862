// @ts-check
// The x-rich directive: shows a message's formatted text (markdown.js's tree), or a search result's snippet
// with its matches marked (search.js), as elements made one by one, so what a sender wrote only ever becomes
// text nodes, never markup the browser parses. A link opens in a new tab that cannot reach back to this one.
import { isSafeHref } from './markdown.js';

/** @typedef {import('./markdown.js').RichNode} RichNode */
/**
 * Alpine's directive interface, as much of it as is used here.
 * @typedef {{ effect: (callback: () => void) => void, evaluateLater: (expression: string) => (receive: (value: any) => void) => void }} DirectiveUtilities
 */

/** @type {Record<string, keyof HTMLElementTagNameMap>} */
const ELEMENTS = {
    p: 'p', strong: 'strong', em: 'em', s: 's', code: 'code', pre: 'pre', blockquote: 'blockquote', ul: 'ul', ol: 'ol', li: 'li', a: 'a', mention: 'span', mark: 'mark',
};

/**
 * @param {HTMLElement} element
 * @param {{ expression: string }} directive
 * @param {DirectiveUtilities} utilities
 */
export function richText(element, { expression }, { effect, evaluateLater }) {
    const read = evaluateLater(expression);
    /** @type {RichNode[] | undefined} */
    let shown;
    effect(() => read((/** @type {RichNode[] | null} */ tree) => {
        // A tree is frozen and shared by every view of its text: the same one needs no new elements.
        if (tree !== shown) {
            shown = tree ?? [];
            element.replaceChildren(...shown.map(toNode));
        }
    }));
}

/**
 * @param {RichNode} node
 * @returns {Node}
 */
function toNode(node) {
    if (typeof node === 'string') {
        return document.createTextNode(node);
    }
    const element = document.createElement(ELEMENTS[node.tag] ?? 'span');
    if (element instanceof HTMLAnchorElement && node.href && isSafeHref(node.href)) {
        element.href = node.href;
        element.target = '_blank';
        element.rel = 'noopener noreferrer';
    }
    if (element instanceof HTMLOListElement && node.start) {
        element.start = node.start;
    }
    if (node.tag === 'mention') {
        element.className = 'chat-mention';
    }
    element.append(...node.children.map(toNode));
    return element;
}
