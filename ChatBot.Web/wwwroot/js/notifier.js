// @ts-check
// A browser notification for a message that arrives while the tab is hidden, and for one that mentions the
// person while they look at another conversation. Permission is asked for only when the person clicks to
// turn notifications on, never at load.

/**
 * @typedef {{
 *   available: boolean, permission: NotificationPermission | 'unsupported',
 *   ask: () => Promise<void>, show: (title: string, body: string, tag: string, onClick: () => void) => void,
 * }} Notifier
 */

/**
 * Whether to notify: someone else's message, the person said yes, and a hidden tab; or, for a message that
 * mentions them, a conversation other than the one they look at.
 * @param {{ mine: boolean, hidden: boolean, permission: string, mentionsMe?: boolean, isOpen?: boolean }} situation
 */
export function shouldNotify({ mine, hidden, permission, mentionsMe = false, isOpen = false }) {
    return !mine && permission === 'granted' && (hidden || (mentionsMe && !isOpen));
}

/**
 * The browser's notifications; `available` is false where there are none (or not in a secure context).
 * @returns {Notifier}
 */
export function browserNotifier() {
    const available = typeof window !== 'undefined' && 'Notification' in window;
    return {
        available,
        get permission() {
            return available ? Notification.permission : 'unsupported';
        },
        async ask() {
            if (available && Notification.permission === 'default') {
                await Notification.requestPermission();
            }
        },
        show(title, body, tag, onClick) {
            if (!available || Notification.permission !== 'granted') {
                return;
            }
            const notification = new Notification(title, { body, tag });
            notification.onclick = () => {
                window.focus();
                onClick();
                notification.close();
            };
        },
    };
}
