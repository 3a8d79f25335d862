// @ts-check
// Calls to the API through the web front end: the session cookie authenticates them, the page's
// antiforgery token guards the unsafe ones. The browser never holds an API token. A refused call throws
// an ApiError carrying the refusal's code and data.
import { RefusalCodes } from './contract.js';
import { problemRefusal } from './refusals.js';

/** @typedef {import('./contract.js').Refusal} Refusal */
/** @typedef {import('./contract.js').Limits} Limits */

export class ApiError extends Error {
    /** @param {Refusal} refusal */
    constructor(refusal) {
        super(refusal.message);
        this.refusal = refusal;
    }
}

/** The header an unsafe call carries the page's antiforgery token in. */
export const ANTIFORGERY_HEADER = 'RequestVerificationToken';

/** The page's antiforgery token, which the server put in its head. */
export function antiforgeryToken() {
    return document.querySelector('meta[name="request-verification-token"]')?.getAttribute('content') ?? '';
}

export function sessionEnded() {
    window.location.assign('/Account/Login?ReturnUrl=' + encodeURIComponent(window.location.pathname));
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [options]
 * @returns {Promise<any>} the answer's JSON
 */
export async function api(path, { method = 'GET', body } = {}) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET') {
        headers[ANTIFORGERY_HEADER] = antiforgeryToken();
    }

    const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
    });

    if (!response.ok) {
        const refusal = problemRefusal(response.status, await response.json().catch(() => null), response.statusText || 'The request failed.');
        if (refusal.code === RefusalCodes.unauthenticated) {
            sessionEnded();
        }
        throw new ApiError(refusal);
    }
    return response.status === 204 ? null : response.json();
}

/** @returns {Promise<Limits>} */
export const loadLimits = () => api('/api/limits');
