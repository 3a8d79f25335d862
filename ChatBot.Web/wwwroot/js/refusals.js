// @ts-check
// Turns what the server answers when it refuses (a hub invocation's error, a problem details response)
// into one shape, { code, message, ...data }. Pure: no DOM, no network.
import { RefusalCodes } from './contract.js';

/** @typedef {import('./contract.js').Refusal} Refusal */

// The server writes a refusal as JSON that starts so; SignalR puts its own words before it.
const REFUSAL_START = '{"code":';

/**
 * The refusal carried by a failed hub invocation; null when the server did not refuse it: the connection
 * dropped before the answer came, so whether it was done is not known and the call may be made again.
 * @param {unknown} error
 * @returns {Refusal | null}
 */
export function hubRefusal(error) {
    const text = error instanceof Error ? error.message : String(error ?? '');
    const start = text.indexOf(REFUSAL_START);
    if (start < 0) {
        return null;
    }
    try {
        const parsed = JSON.parse(text.slice(start));
        return isRefusal(parsed) ? parsed : null;
    } catch {
        return null;
    }
}

// Problem details' own members; the rest of a problem is the refusal's data.
const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'traceId', 'code']);

/**
 * The refusal in a problem details answer. An answer without a code (from the web front end itself, or
 * a proxy between) gets the one its status means; one without a body, the text `fallback`.
 * @param {number} status
 * @param {unknown} body the parsed JSON body, if any
 * @param {string} fallback
 * @returns {Refusal}
 */
export function problemRefusal(status, body, fallback) {
    /** @type {Record<string, unknown>} */
    const problem = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
    /** @type {Record<string, unknown>} */
    const data = {};
    for (const [key, value] of Object.entries(problem)) {
        if (!PROBLEM_MEMBERS.has(key)) {
            data[key] = value;
        }
    }
    const fieldErrors = Object.values(isRecord(problem.errors) ? problem.errors : {}).flat();
    const message = [fieldErrors[0], problem.detail, problem.title].find((m) => typeof m === 'string' && m !== '');
    return {
        ...data,
        code: typeof problem.code === 'string' ? problem.code : codeForStatus(status),
        message: /** @type {string | undefined} */ (message) ?? fallback,
    };
}

/**
 * @param {number} status
 * @returns {string}
 */
export function codeForStatus(status) {
    switch (status) {
        case 401:
            return RefusalCodes.unauthenticated;
        case 403:
            return RefusalCodes.forbidden;
        case 404:
            return RefusalCodes.notFound;
        case 413:
            return RefusalCodes.fileTooLarge; // the body was cut off before the API saw it
        case 429:
            return RefusalCodes.rateLimited;
        case 503:
            return RefusalCodes.unavailable;
        default:
            return status >= 500 ? RefusalCodes.serverError : RefusalCodes.invalidArgument;
    }
}

/**
 * @param {unknown} value
 * @returns {value is Refusal}
 */
function isRefusal(value) {
    return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isRecord(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
