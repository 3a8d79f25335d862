// @ts-check
// Uploads one file (POST /api/files?name=…, its bytes as the body) with XMLHttpRequest rather than fetch:
// only it tells how far the body has been sent, and it can be cancelled midway. Unsafe, so it carries the
// page's antiforgery token as every other unsafe call does. The request is passed in, so this is tested
// without a browser.
import { ANTIFORGERY_HEADER } from './api.js';
import { problemRefusal } from './refusals.js';

/** @typedef {import('./contract.js').FileDto} FileDto */
/** @typedef {import('./contract.js').Refusal} Refusal */

/**
 * How an upload ended: stored, refused (`status` 0 when no answer came: the connection dropped), or cancelled.
 * @typedef {{ outcome: 'stored', file: FileDto } | { outcome: 'refused', status: number, refusal: Refusal } | { outcome: 'cancelled' }} UploadResult
 */

/**
 * As much of XMLHttpRequest as an upload uses.
 * @typedef {{
 *   open(method: string, url: string): void,
 *   setRequestHeader(name: string, value: string): void,
 *   send(body: Blob): void,
 *   abort(): void,
 *   addEventListener(type: 'load' | 'error' | 'abort', listener: () => void): void,
 *   upload: { addEventListener(type: 'progress', listener: (event: { loaded: number }) => void): void },
 *   readonly status: number,
 *   readonly statusText: string,
 *   readonly responseText: string,
 * }} UploadRequest
 */

/** @param {string} name */
export const uploadPath = (name) => `/api/files?name=${encodeURIComponent(name)}`;

/**
 * Starts uploading a file.
 * @param {Blob & { name: string }} file
 * @param {{
 *   token: string,
 *   onProgress: (loaded: number) => void,
 *   createRequest?: () => UploadRequest,
 * }} options `token` the page's antiforgery token; `onProgress` hears how many bytes have gone
 * @returns {{ done: Promise<UploadResult>, cancel: () => void }}
 */
export function uploadFile(file, { token, onProgress, createRequest = () => new XMLHttpRequest() }) {
    const request = createRequest();
    const done = new Promise((/** @type {(result: UploadResult) => void} */ resolve) => {
        request.upload.addEventListener('progress', (event) => onProgress(event.loaded));
        request.addEventListener('load', () => resolve(answered(request)));
        request.addEventListener('error', () => resolve({ outcome: 'refused', status: 0, refusal: problemRefusal(0, null, '') }));
        request.addEventListener('abort', () => resolve({ outcome: 'cancelled' }));
    });
    request.open('POST', uploadPath(file.name));
    request.setRequestHeader(ANTIFORGERY_HEADER, token);
    request.setRequestHeader('Accept', 'application/json');
    // The server finds the type from the bytes; this keeps the body from being read as a form on the way.
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.send(file);
    return { done, cancel: () => request.abort() };
}

/**
 * @param {UploadRequest} request answered
 * @returns {UploadResult}
 */
function answered(request) {
    const body = parsed(request.responseText);
    if (request.status >= 200 && request.status < 300 && isFile(body)) {
        return { outcome: 'stored', file: body };
    }
    // Words only from the server's own refusal (one with a code): what something in front of it answers, a
    // status's name, says nothing a person can act on.
    const refusal = problemRefusal(request.status, body, '');
    return { outcome: 'refused', status: request.status, refusal: typeof body?.code === 'string' ? refusal : { ...refusal, message: '' } };
}

/** @param {string} text */
function parsed(text) {
    try {
        return JSON.parse(text);
    } catch {
        return null;
    }
}

/**
 * @param {any} value
 * @returns {value is FileDto}
 */
function isFile(value) {
    return typeof value?.id === 'string' && typeof value.name === 'string' && typeof value.length === 'number' && typeof value.picture === 'boolean';
}
