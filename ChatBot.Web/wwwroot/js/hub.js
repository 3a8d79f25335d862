// @ts-check
// The SignalR connection: WebSockets only. It negotiates through the web front end, which sends it to
// an API replica and back to the same one when stateful reconnect resumes a dropped connection: what a
// brief drop lost in either direction is replayed. That only speeds things up: the delivery contract
// rests on the outbox and on catching up by seq. The connection never gives up: while it is down,
// messages wait in the outbox; when it is back, the page catches up.
import { sessionEnded } from './api.js';

/** @typedef {'connecting' | 'connected' | 'reconnecting'} ConnectionState */
/**
 * @typedef {{
 *   start: () => Promise<void>,
 *   readonly isConnected: boolean,
 *   invoke: (method: string, ...args: unknown[]) => Promise<any>,
 *   invokeQuietly: (method: string, ...args: unknown[]) => void,
 * }} Hub
 */

/** @param {number} attempt */
function backoff(attempt) {
    return Math.min(500 * 2 ** attempt, 10_000) + Math.random() * 500;
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sessionIsAlive() {
    try {
        const response = await fetch('/api/users/me', { credentials: 'same-origin' });
        return response.status !== 401;
    } catch {
        return true; // the network is down, not the session
    }
}

/**
 * @param {{
 *   handlers: Record<string, (...args: any[]) => void>,
 *   onStateChanged: (state: ConnectionState) => void,
 *   onConnected: () => void,
 * }} options
 * @returns {Hub}
 */
export function createHub({ handlers, onStateChanged, onConnected }) {
    const signalR = window.signalR;
    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/chat', { transport: signalR.HttpTransportType.WebSockets })
        .withStatefulReconnect()
        .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => backoff(context.previousRetryCount) })
        .configureLogging(signalR.LogLevel.Warning)
        .build();

    for (const [event, handler] of Object.entries(handlers)) {
        connection.on(event, handler);
    }

    connection.onreconnecting(() => onStateChanged('reconnecting'));
    connection.onreconnected(() => {
        onStateChanged('connected');
        onConnected();
    });
    connection.onclose(() => {
        onStateChanged('reconnecting');
        start();
    });

    async function start() {
        for (let attempt = 0; ; attempt++) {
            try {
                await connection.start();
                onStateChanged('connected');
                onConnected();
                return;
            } catch {
                if (!(await sessionIsAlive())) {
                    sessionEnded();
                    return;
                }
                onStateChanged('reconnecting');
                await delay(backoff(attempt));
            }
        }
    }

    return {
        start,
        get isConnected() {
            return connection.state === signalR.HubConnectionState.Connected;
        },
        invoke: (method, ...args) => connection.invoke(method, ...args),
        // For calls whose failure changes nothing: a dropped connection repeats them on the next connect.
        invokeQuietly: (method, ...args) => {
            connection.invoke(method, ...args).catch(() => {});
        },
    };
}
