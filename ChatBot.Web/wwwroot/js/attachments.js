// @ts-check
// The files attached in the composer, each uploaded as soon as it is attached: which may be attached (the
// server's limits, checked before a byte goes), how far each upload is, what was refused and why, and
// whether the message may go (not while a file is still uploading). Pure: the uploads are made elsewhere.
import { humanSize } from './files.js';

/** @typedef {import('./contract.js').FileDto} FileDto */
/** @typedef {import('./contract.js').Limits} Limits */

/**
 * One attached file: uploading (`loaded` of its `size` bytes sent so far), uploaded (`file` as the server
 * stored it), or refused (`error` says why, next to it).
 * @typedef {{ key: string, name: string, size: number, state: 'uploading' | 'uploaded' | 'refused', loaded: number, file: FileDto | null, error: string }} Attachment
 */

/**
 * An attached file as the composer shows it: its size in words, its progress as a percentage, and what its
 * button does (cancel the upload, or remove the file), each labelled for screen readers.
 * @typedef {Attachment & { sizeText: string, percent: number, uploading: boolean, refused: boolean, progressLabel: string, buttonLabel: string }} AttachmentView
 */

// In the server's words for the same refusals.
/** @param {number} maxBytes */
export const tooLargeText = (maxBytes) => `A file has at most ${humanSize(maxBytes)}.`;

/** @param {number} maxFiles */
export const tooManyText = (maxFiles) => `A message carries at most ${maxFiles} files.`;

const EMPTY_TEXT = 'A file cannot be empty.';

const DROPPED_TEXT = 'The upload was cut off. Remove the file and attach it again.';

/**
 * Which of the files chosen may be uploaded: each within the largest size a file may have, and no more in all
 * than a message may have, counting those attached already (a refused one does not count). Limits the server
 * has not said are left to it.
 * @param {{ name: string, size: number }[] } chosen
 * @param {Attachment[]} attached
 * @param {Limits | null} limits
 * @returns {string[]} for each file chosen, why it may not be uploaded; '' when it may
 */
export function admissionProblems(chosen, attached, limits) {
    const { maxFileBytes = Infinity, maxFilesPerMessage = Infinity } = limits ?? {};
    let count = attached.filter((a) => a.state !== 'refused').length;
    return chosen.map((file) => {
        if (file.size > maxFileBytes) {
            return tooLargeText(maxFileBytes);
        }
        if (file.size === 0) {
            return EMPTY_TEXT;
        }
        if (count >= maxFilesPerMessage) {
            return tooManyText(maxFilesPerMessage);
        }
        count++;
        return '';
    });
}

/**
 * A file just attached: being uploaded, or refused before it is.
 * @param {string} key
 * @param {{ name: string, size: number }} file
 * @param {string} problem as admissionProblems gives it
 * @returns {Attachment}
 */
export function attachment(key, file, problem) {
    return { key, name: file.name, size: file.size, state: problem ? 'refused' : 'uploading', loaded: 0, file: null, error: problem };
}

/**
 * What the server's refusal of an upload says, or, when its answer has no words of its own (a body cut off
 * by the server in front, a dropped connection), what its status means.
 * @param {number} status 0 when no answer came
 * @param {string | undefined} said the refusal's text, if the answer had one
 * @param {Limits | null} limits
 */
export function uploadRefusalText(status, said, limits) {
    if (said) {
        return said;
    }
    if (status === 413 && limits?.maxFileBytes) {
        return tooLargeText(limits.maxFileBytes);
    }
    return status === 0 ? DROPPED_TEXT : `The file could not be uploaded (${status}).`;
}

/**
 * @param {Attachment[]} attachments
 * @returns {AttachmentView[]}
 */
export function attachmentViews(attachments) {
    return attachments.map((a) => {
        const uploading = a.state === 'uploading';
        const percent = a.state === 'uploaded' ? 100 : a.size > 0 ? Math.min(100, Math.floor((a.loaded / a.size) * 100)) : 0;
        return {
            ...a,
            sizeText: humanSize(a.size),
            percent,
            uploading,
            refused: a.state === 'refused',
            progressLabel: `Uploading ${a.name}`,
            buttonLabel: uploading ? `Cancel the upload of ${a.name}` : `Remove ${a.name}`,
        };
    });
}

/** @param {Attachment[]} attachments */
export const isUploading = (attachments) => attachments.some((a) => a.state === 'uploading');

/**
 * The files the message carries: those uploaded, in the order they were attached.
 * @param {Attachment[]} attachments
 * @returns {FileDto[]}
 */
export function uploadedFiles(attachments) {
    return attachments.flatMap((a) => (a.state === 'uploaded' && a.file ? [a.file] : []));
}

/**
 * What a screen reader says when files are attached: which are uploading, and which were refused and why.
 * @param {Attachment[]} added
 */
export function attachAnnouncement(added) {
    const uploading = added.filter((a) => a.state === 'uploading').map((a) => a.name);
    const said = uploading.length > 0 ? [`Uploading ${uploading.join(', ')}.`] : [];
    return said.concat(added.filter((a) => a.state === 'refused').map(uploadAnnouncement)).join(' ');
}

/**
 * What a screen reader says when an upload ends.
 * @param {Attachment} attached
 */
export function uploadAnnouncement(attached) {
    return attached.state === 'uploaded' ? `${attached.name} attached` : `${attached.name} not attached: ${attached.error}`;
}
