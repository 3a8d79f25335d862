// @ts-check
// A browser notification for a message that arrives while the tab is hidden. Permission is asked for
// only when the person clicks to turn notifications on, never at load.

/**
 * @typedef {{
 *   available: boolean, permission: NotificationPermission | 'unsupported',
 *   ask: () => Promise<void>, show: (title: string, body: string, tag: string, onClick: () => void) => void,
 * }} Notifier
 */

/**
 * Whether to notify: someone else's message, a hidden tab, and the person said yes.
 * @param {{ mine: boolean, hidden: boolean, permission: string }} situation
 */
export function shouldNotify({ mine, hidden, permission }) {
    return !mine && hidden && permission === 'granted';
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
