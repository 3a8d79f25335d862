// Calls to the API through the web front end: the session cookie authenticates them, the page's
// antiforgery token guards the unsafe ones. The browser never holds an API token.

const antiforgeryToken = document.querySelector('meta[name="request-verification-token"]')?.content ?? '';

export class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

export function sessionEnded() {
    window.location.assign('/Account/Login?ReturnUrl=' + encodeURIComponent(window.location.pathname));
}

export async function api(path, { method = 'GET', body } = {}) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET') {
        headers.RequestVerificationToken = antiforgeryToken;
    }

    const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
    });

    if (response.status === 401) {
        sessionEnded();
        throw new ApiError(401, 'Your session has ended.');
    }
    if (!response.ok) {
        throw new ApiError(response.status, await problemMessage(response));
    }
    return response.status === 204 ? null : response.json();
}

async function problemMessage(response) {
    try {
        const problem = await response.json();
        const fieldErrors = Object.values(problem.errors ?? {}).flat();
        return fieldErrors[0] ?? problem.detail ?? problem.title ?? response.statusText;
    } catch {
        return response.statusText || 'The request failed.';
    }
}
