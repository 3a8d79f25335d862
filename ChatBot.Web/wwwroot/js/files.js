// @ts-check
// A message's files as the timeline shows them: pictures as thumbnails sized before they load (so the pane
// does not jump as they come), other files as cards to download; and the pictures of the loaded timeline in
// order, for the viewer's previous and next. Only the server's own URLs are made here; names are shown as
// text. Pure.

/** @typedef {import('./contract.js').FileDto} FileDto */
/** @typedef {import('./contract.js').Message} Message */

/** The box a thumbnail fits in: at most so tall and so wide, in CSS pixels. @typedef {{ maxWidth: number, maxHeight: number }} Box */

/** On a desktop; the thumbnail the server makes is at most 480 px on its long side, so this is never blown up. */
export const DESKTOP_BOX = Object.freeze({ maxWidth: 400, maxHeight: 320 });

/** On a 375 px wide phone: within a bubble (85 % of the pane, less its padding). */
export const PHONE_BOX = Object.freeze({ maxWidth: 260, maxHeight: 240 });

/** A picture whose size the server could not tell is shown in a square. */
const UNKNOWN_SIDE = 240;

/**
 * A thumbnail shown in the timeline: its size on a desktop (the img's width and height), and its width on a
 * phone (a CSS variable the page's style reads; its height follows from the width and height's ratio).
 * @typedef {{ key: string, id: string, name: string, src: string, width: number, height: number, style: Record<string, string>, label: string }} PictureView
 */

/** Any other file: a card that downloads it. @typedef {{ key: string, id: string, name: string, href: string, size: string, type: string, label: string }} DocumentView */

/** A file on its way with a message not yet stored. @typedef {{ key: string, name: string, size: string }} PendingFileView */

/** A picture of the loaded timeline, for the viewer. @typedef {{ id: string, name: string, seq: number }} ViewerPicture */

/** @param {string} id */
export const originalUrl = (id) => `/api/files/${encodeURIComponent(id)}`;

/** @param {string} id */
export const thumbnailUrl = (id) => `${originalUrl(id)}/thumbnail`;

/** @param {string} id */
export const previewUrl = (id) => `${originalUrl(id)}/preview`;

/**
 * A picture's size scaled to fit the box, its shape kept; a small one is not enlarged. At least a pixel each way.
 * @param {number | null | undefined} width
 * @param {number | null | undefined} height
 * @param {Box} box
 * @returns {{ width: number, height: number }}
 */
export function fittedSize(width, height, box) {
    const [w, h] = width && height && width > 0 && height > 0 ? [width, height] : [UNKNOWN_SIDE, UNKNOWN_SIDE];
    const scale = Math.min(1, box.maxWidth / w, box.maxHeight / h);
    return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/**
 * A size as people read it: "512 bytes", "1.5 KB", "25 MB" (units of 1024, one decimal below ten).
 * @param {number} bytes
 */
export function humanSize(bytes) {
    if (bytes < 1024) {
        return bytes === 1 ? '1 byte' : `${Math.max(0, Math.round(bytes))} bytes`;
    }
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    // 1023.96 KB rounds to 1024 KB: say 1 MB instead.
    if (Math.round(value) >= 1024 && unit < UNITS.length - 1) {
        [value, unit] = [value / 1024, unit + 1];
    }
    const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
    return `${shown} ${UNITS[unit]}`;
}

/**
 * What kind of file it is, in a word: its name's extension ("PDF"), else its type as the server found it.
 * @param {string} name
 * @param {string} contentType
 */
export function fileType(name, contentType) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && dot < name.length - 1 ? name.slice(dot + 1) : '';
    return /^[a-z0-9]{1,8}$/i.test(extension) ? extension.toUpperCase() : contentType || 'File';
}

/**
 * A message's files as the timeline shows them; a deleted message shows none.
 * @param {FileDto[] | null | undefined} files
 * @param {boolean} deleted
 * @returns {{ pictures: PictureView[], documents: DocumentView[] }}
 */
export function fileViews(files, deleted) {
    const shown = deleted ? [] : files ?? [];
    return {
        pictures: shown.filter((f) => f.picture).map((f) => {
            const { width, height } = fittedSize(f.width, f.height, DESKTOP_BOX);
            const phone = fittedSize(f.width, f.height, PHONE_BOX);
            return { key: f.id, id: f.id, name: f.name, src: thumbnailUrl(f.id), width, height, style: { '--phone-width': `${phone.width}px` }, label: `Open picture ${f.name}` };
        }),
        documents: shown.filter((f) => !f.picture).map((f) => {
            const [size, type] = [humanSize(f.length), fileType(f.name, f.contentType)];
            return { key: f.id, id: f.id, name: f.name, href: originalUrl(f.id), size, type, label: `Download ${f.name}, ${size}, ${type}` };
        }),
    };
}

/**
 * Files on their way with a message: their names and sizes (nothing to open until the message is stored).
 * @param {FileDto[] | undefined} files
 * @returns {PendingFileView[]}
 */
export function pendingFileViews(files) {
    return (files ?? []).map((f) => ({ key: f.id, name: f.name, size: humanSize(f.length) }));
}

/**
 * What a message's files are, in words, for where its text is shown on one line (a preview, a quote, what a
 * screen reader says): "a picture", "3 files", …; '' for none.
 * @param {FileDto[] | null | undefined} files
 */
export function filesSummary(files) {
    const all = files ?? [];
    if (all.length === 0) {
        return '';
    }
    const pictures = all.filter((f) => f.picture).length;
    if (pictures === all.length) {
        return all.length === 1 ? 'a picture' : `${all.length} pictures`;
    }
    return all.length === 1 ? `a file: ${all[0].name}` : `${all.length} files`;
}

/**
 * The pictures of the loaded timeline in the order it shows them: by seq, then as each message has them.
 * A deleted message's are not among them.
 * @param {Message[]} messages in seq order
 * @returns {ViewerPicture[]}
 */
export function timelinePictures(messages) {
    return messages.flatMap((m) => (m.deleted ? [] : (m.files ?? []).filter((f) => f.picture).map((f) => ({ id: f.id, name: f.name, seq: m.seq }))));
}

/**
 * The picture before (-1) or after (+1) the one shown; null at either end, or when it is no longer there.
 * @param {ViewerPicture[]} pictures
 * @param {string} id
 * @param {-1 | 1} step
 * @returns {ViewerPicture | null}
 */
export function pictureBeside(pictures, id, step) {
    const index = pictures.findIndex((p) => p.id === id);
    return index < 0 ? null : pictures[index + step] ?? null;
}

/**
 * What the viewer shows of the picture `id`, among the timeline's pictures.
 * @param {ViewerPicture[]} pictures
 * @param {string} id
 */
export function viewerView(pictures, id) {
    const index = pictures.findIndex((p) => p.id === id);
    const picture = pictures[index];
    if (!picture) {
        return { found: false, name: 'Picture', src: '', downloadHref: '', position: 'This picture is no longer shown', hasPrevious: false, hasNext: false };
    }
    return {
        found: true,
        name: picture.name,
        src: previewUrl(picture.id),
        downloadHref: originalUrl(picture.id),
        position: `${index + 1} of ${pictures.length}`,
        hasPrevious: index > 0,
        hasNext: index < pictures.length - 1,
    };
}
