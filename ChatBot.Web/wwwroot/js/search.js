// @ts-check
// Searching messages: what the person typed (words, "quoted phrases", from:@someone, in:@someone or
// in:group, after: and before: a date: the server reads it, so the grammar is written once, there), where
// it looks (everywhere, or one conversation), the pages of results as they come, newest first, and each
// result's snippet with the matches marked, formatted as its message is, as text nodes and elements, never
// markup. Pure: the fetching and markdown-it are passed in.
import { RefusalCodes } from './contract.js';

/** @typedef {import('./contract.js').SearchResult} SearchResult */
/** @typedef {import('./contract.js').SearchPage} SearchPage */
/** @typedef {import('./markdown.js').RichNode} RichNode */
/** @typedef {import('./markdown.js').Markdown} Markdown */
/** @typedef {import('./views.js').Formats} Formats */
/** Where a search looks: one conversation (its id, and its name as the page shows it), or everywhere (null). @typedef {{ id: string, name: string } | null} SearchScope */

/**
 * Fetches one page of results (GET /api/search); a refusal is thrown as an error carrying it (api.js's ApiError).
 * @callback FetchResults
 * @param {string} query
 * @param {string | null} conversationId
 * @param {number} page 1-based
 * @returns {Promise<SearchPage>}
 */

/**
 * The address of a page of results.
 * @param {string} query
 * @param {string | null} conversationId
 * @param {number} page 1-based
 */
export function searchPath(query, conversationId, page) {
    const where = conversationId ? `&conversationId=${encodeURIComponent(conversationId)}` : '';
    return `/api/search?q=${encodeURIComponent(query)}${where}&page=${page}`;
}

/**
 * The search box and its results: the query as typed, where it looks, and the results of the last search
 * run, page after page. A newer search drops the answers of older ones still on their way.
 */
export class MessageSearch {
    constructor() {
        this.query = '';
        /** @type {SearchScope} */
        this.scope = null;
        /** whether the results panel shows (in place of the people list) */
        this.open = false;
        /** @type {{ query: string, scope: SearchScope } | null} what the results shown are for */
        this.asked = null;
        /** @type {SearchResult[]} */
        this.results = [];
        this.page = 0;
        this.hasMore = false;
        this.busy = false;
        this.error = '';
        this.number = 0;
    }

    /**
     * Runs the query as typed, from its first page.
     * @param {FetchResults} fetchResults
     * @returns {Promise<number>} how many results came
     */
    async start(fetchResults) {
        const query = this.query.trim();
        const number = ++this.number;
        Object.assign(this, { open: true, error: '', results: [], page: 0, hasMore: false, asked: null, busy: query !== '' });
        if (query === '') {
            return 0;
        }
        const asked = { query, scope: this.scope };
        return this.fetch(fetchResults, number, asked, 1);
    }

    /**
     * The next page of the results shown, after them.
     * @param {FetchResults} fetchResults
     * @returns {Promise<number>} how many results were added
     */
    async more(fetchResults) {
        if (!this.asked || !this.hasMore || this.busy) {
            return 0;
        }
        this.busy = true;
        return this.fetch(fetchResults, this.number, this.asked, this.page + 1);
    }

    /**
     * Searches one conversation, or everywhere again (null); what was found elsewhere goes.
     * @param {SearchScope} scope
     */
    lookIn(scope) {
        this.scope = scope;
        this.number++;
        Object.assign(this, { open: true, error: '', results: [], page: 0, hasMore: false, asked: null, busy: false });
    }

    /**
     * @param {FetchResults} fetchResults
     * @param {number} number the search it is a page of
     * @param {{ query: string, scope: SearchScope }} asked
     * @param {number} page
     * @returns {Promise<number>}
     */
    async fetch(fetchResults, number, asked, page) {
        try {
            const answer = await fetchResults(asked.query, asked.scope?.id ?? null, page);
            if (number !== this.number) {
                return 0;
            }
            // Results move down as messages are written between pages: one already listed is listed once.
            const listed = new Set(this.results.map(resultKey));
            const added = (answer.results ?? []).filter((r) => !listed.has(resultKey(r)));
            Object.assign(this, { asked, results: this.results.concat(added), page, hasMore: answer.hasMore === true });
            return added.length;
        } catch (error) {
            if (number === this.number) {
                const refusal = refusalOf(error);
                // Fewer results than when the page before came: the end is reached, nothing went wrong.
                if (refusal?.code === RefusalCodes.pagePastEnd) {
                    this.hasMore = false;
                } else {
                    this.error = refusal?.message ?? 'The search could not be run.';
                }
            }
            return 0;
        } finally {
            if (number === this.number) {
                this.busy = false;
            }
        }
    }
}

/** @param {SearchResult} result */
const resultKey = (result) => `${result.conversationId}:${result.seq}`;

/**
 * The refusal an error carries (api.js's ApiError), if any.
 * @param {unknown} error
 * @returns {{ code: string, message: string } | null}
 */
function refusalOf(error) {
    const refusal = error !== null && typeof error === 'object' && 'refusal' in error ? error.refusal : null;
    return refusal !== null && typeof refusal === 'object' && 'code' in refusal && 'message' in refusal
        ? /** @type {{ code: string, message: string }} */ (refusal)
        : null;
}

/**
 * A snippet with the matches the server found marked, its Markdown formatted. Each range is [start, length]
 * in UTF-16 code units (as both the server's strings and JavaScript's count); ranges may come in any order and
 * overlap (they are merged), and what is malformed or outside the text is left out. A range never cuts a
 * character made of two code units in half.
 * @param {string} snippet
 * @param {unknown} highlights
 * @param {Markdown} markdown
 * @returns {RichNode[]}
 */
export function snippetTree(snippet, highlights, markdown) {
    const text = typeof snippet === 'string' ? snippet : '';
    /** @type {[number, number][]} */
    const ranges = [];
    for (const range of Array.isArray(highlights) ? highlights : []) {
        const [start, length] = Array.isArray(range) ? range : [];
        if (!Number.isInteger(start) || !Number.isInteger(length) || length <= 0) {
            continue;
        }
        const [from, to] = [widenStart(text, Math.max(0, start)), widenEnd(text, Math.min(text.length, start + length))];
        if (from < to) {
            ranges.push([from, to]);
        }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    /** @type {[number, number][]} */
    const merged = [];
    for (const [from, to] of ranges) {
        const last = merged[merged.length - 1];
        if (last && from <= last[1]) {
            last[1] = Math.max(last[1], to);
        } else {
            merged.push([from, to]);
        }
    }
    return markdown.marked(text, merged);
}

/** A start inside a surrogate pair moves back to the pair's start. @param {string} text @param {number} at */
const widenStart = (text, at) => (at > 0 && at < text.length && isLowSurrogate(text, at) && isHighSurrogate(text, at - 1) ? at - 1 : at);

/** An end inside a surrogate pair moves on past it. @param {string} text @param {number} at */
const widenEnd = (text, at) => (at > 0 && at < text.length && isLowSurrogate(text, at) && isHighSurrogate(text, at - 1) ? at + 1 : at);

/** @param {string} text @param {number} at */
const isHighSurrogate = (text, at) => text.charCodeAt(at) >= 0xd800 && text.charCodeAt(at) <= 0xdbff;

/** @param {string} text @param {number} at */
const isLowSurrogate = (text, at) => text.charCodeAt(at) >= 0xdc00 && text.charCodeAt(at) <= 0xdfff;

/**
 * A result as the list shows it: who wrote it, where (to whom, in a direct conversation), when, and its snippet.
 * @typedef {{ key: string, conversationId: string, seq: number, sender: string, where: string, when: string, sentAt: string, edited: boolean, snippet: RichNode[] }} SearchResultView
 */

/**
 * @param {SearchResult[]} results
 * @param {string} myId
 * @param {Formats} format
 * @param {Markdown} markdown
 * @returns {SearchResultView[]}
 */
export function searchResultViews(results, myId, format, markdown) {
    return results.map((r) => {
        const mine = r.senderId === myId;
        const where = r.isGroup ? `in ${r.conversationName}` : mine ? `to ${r.conversationName}` : 'to you';
        const sentAt = new Date(r.sentAt);
        return {
            key: resultKey(r), conversationId: r.conversationId, seq: r.seq, sender: mine ? 'You' : r.senderName, where,
            when: `${format.date(sentAt)}, ${format.time(sentAt)}`, sentAt: r.sentAt, edited: Boolean(r.editedAt), snippet: snippetTree(r.snippet, r.highlights, markdown),
        };
    });
}

/**
 * What the results panel says (a screen reader hears it too): how to search, that it is searching, how many
 * messages match, or that none do.
 * @param {MessageSearch} search
 */
export function searchStatus(search) {
    const where = search.scope ? ` in ${search.scope.name}` : '';
    if (search.busy && search.results.length === 0) {
        return 'Searching…';
    }
    if (!search.asked) {
        return search.error ? '' : `Search messages${where}: words, "a phrase", from:@name, in:@name or in:group, after: and before: a date (YYYY-MM-DD).`;
    }
    const what = `“${search.asked.query}”${search.asked.scope ? ` in ${search.asked.scope.name}` : ''}`;
    const count = search.results.length;
    if (count === 0) {
        return `No messages match ${what}.`;
    }
    return `${count}${search.hasMore ? ' or more' : ''} ${count === 1 ? 'message matches' : 'messages match'} ${what}.`;
}
