// @ts-check
// The picture viewer: a thumbnail opens it on its picture's preview; previous and next (the buttons, or the
// arrow keys) go through the pictures the timeline has loaded; Escape, the close button or a click beside it
// closes it. The focus goes into it on opening, stays in it while open, and goes back to the thumbnail of
// the picture last shown on closing.
import { alpine, ref } from './chat-state.js';
import { pictureBeside } from './files.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./files.js').PictureView} PictureView */

/**
 * @param {ChatState} chat
 * @param {PictureView} picture
 * @param {Event} event the thumbnail's click
 */
export function openViewer(chat, picture, event) {
    chat.internals.viewerOpener = event.currentTarget instanceof HTMLElement ? event.currentTarget : null;
    Object.assign(chat.viewer, { open: true, fileId: picture.id });
    alpine(chat).$nextTick(() => ref(chat, 'viewerClose')?.focus());
}

/** @param {ChatState} chat */
export function closeViewer(chat) {
    if (!chat.viewer.open) {
        return;
    }
    const shown = chat.viewer.fileId;
    chat.viewer.open = false;
    alpine(chat).$nextTick(() => {
        const thumbnail = /** @type {HTMLElement | null} */ (chat.internals.root.querySelector(`.chat-thumbnail[data-file-id="${CSS.escape(shown)}"]`));
        const back = thumbnail ?? chat.internals.viewerOpener;
        back?.focus({ preventScroll: back !== thumbnail });
        thumbnail?.scrollIntoView({ block: 'nearest' });
        chat.internals.viewerOpener = null;
    });
}

/** @param {ChatState} chat */
export function previousPicture(chat) {
    step(chat, -1);
}

/** @param {ChatState} chat */
export function nextPicture(chat) {
    step(chat, 1);
}

/**
 * @param {ChatState} chat
 * @param {-1 | 1} direction
 */
function step(chat, direction) {
    const beside = pictureBeside(chat.viewerPictures, chat.viewer.fileId, direction);
    if (beside) {
        chat.viewer.fileId = beside.id;
    }
}

/**
 * The viewer's keys: the arrows go to the previous and next picture, Escape closes it, and Tab goes round
 * its controls rather than out to the page behind it.
 * @param {ChatState} chat
 * @param {KeyboardEvent} event
 */
export function onViewerKey(chat, event) {
    const action = { ArrowLeft: previousPicture, ArrowRight: nextPicture, Escape: closeViewer }[event.key];
    if (action) {
        event.preventDefault();
        action(chat);
    } else if (event.key === 'Tab') {
        const dialog = /** @type {HTMLElement} */ (event.currentTarget);
        const controls = [.../** @type {NodeListOf<HTMLElement>} */ (dialog.querySelectorAll('a[href], button:not([disabled])'))];
        const [first, last] = [controls[0], controls[controls.length - 1]];
        const leaving = event.shiftKey ? document.activeElement === first || !dialog.contains(document.activeElement) : document.activeElement === last;
        if (leaving && first && last) {
            event.preventDefault();
            (event.shiftKey ? last : first).focus();
        }
    }
}
