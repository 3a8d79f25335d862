// @ts-check
// The composer's files: chosen with the paper clip, dropped on the conversation, or pasted (a screenshot).
// Each is checked against the server's limits, then uploaded at once, its progress shown and its upload
// cancellable; a refusal is said next to its file. The message that carries them goes from the composer.
import { antiforgeryToken, sessionEnded } from './api.js';
import { admissionProblems, attachAnnouncement, attachment, uploadAnnouncement, uploadRefusalText } from './attachments.js';
import { alpine, ref } from './chat-state.js';
import { RefusalCodes } from './contract.js';
import { newMessageId } from './outbox.js';
import { uploadFile } from './uploads.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./attachments.js').Attachment} Attachment */

/** @param {ChatState} chat */
const canAttach = (chat) => chat.activeId !== null && !chat.active?.isGone && !chat.editing;

/**
 * The attachment with this key, as the state holds it (changed there, the page shows the change).
 * @param {ChatState} chat
 * @param {string} key
 */
const attached = (chat, key) => chat.attachments.find((a) => a.key === key);

/**
 * The paper clip: the browser's file chooser.
 * @param {ChatState} chat
 */
export function chooseFiles(chat) {
    ref(chat, 'fileInput')?.click();
}

/**
 * @param {ChatState} chat
 * @param {Event} event the file input's change
 */
export function onFilesChosen(chat, event) {
    const input = /** @type {HTMLInputElement} */ (event.target);
    attach(chat, [...(input.files ?? [])]);
    input.value = ''; // so that the same file may be chosen again
}

/**
 * Files dragged over the conversation: it takes them, and says so.
 * @param {ChatState} chat
 * @param {DragEvent} event dragenter or dragover
 */
export function onDragOver(chat, event) {
    if (!carriesFiles(event) || !canAttach(chat)) {
        return;
    }
    event.preventDefault();
    if (event.dataTransfer) {
        event.dataTransfer.dropEffect = 'copy';
    }
    chat.dropHintShown = true;
}

/**
 * @param {ChatState} chat
 * @param {DragEvent} event
 */
export function onDragLeave(chat, event) {
    const pane = /** @type {HTMLElement} */ (event.currentTarget);
    // Leaving one element of the pane for another is no leaving.
    if (!(event.relatedTarget instanceof Node && pane.contains(event.relatedTarget))) {
        chat.dropHintShown = false;
    }
}

/**
 * @param {ChatState} chat
 * @param {DragEvent} event
 */
export function onDrop(chat, event) {
    chat.dropHintShown = false;
    if (!carriesFiles(event) || !canAttach(chat)) {
        return;
    }
    event.preventDefault();
    attach(chat, [...(event.dataTransfer?.files ?? [])]);
    ref(chat, 'composer')?.focus();
}

/**
 * A paste in the composer with files in it (a screenshot): they are attached. Text pasted with them (a
 * copied file's name, say) is pasted as text too.
 * @param {ChatState} chat
 * @param {ClipboardEvent} event
 */
export function onComposerPaste(chat, event) {
    const data = event.clipboardData;
    const files = [...(data?.files ?? [])];
    if (files.length === 0 || !canAttach(chat)) {
        return;
    }
    if (!data?.types.includes('text/plain')) {
        event.preventDefault();
    }
    attach(chat, files);
}

/**
 * A file dragged from the desktop and dropped beside the conversation would replace the page with it: there
 * it is refused (the pointer says so) rather than opened.
 * @param {DragEvent} event dragover or drop on the document
 */
export function keepPageOnStrayDrop(event) {
    if (!carriesFiles(event)) {
        return;
    }
    if (event.type === 'dragover' && !event.defaultPrevented && event.dataTransfer) {
        event.dataTransfer.dropEffect = 'none'; // the conversation, which takes it, has said so already
    }
    event.preventDefault();
}

/** @param {DragEvent} event */
function carriesFiles(event) {
    return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/**
 * Files to go with the next message: each the limits let through starts uploading; the others are listed
 * with the reason.
 * @param {ChatState} chat
 * @param {File[]} files
 */
export function attach(chat, files) {
    if (files.length === 0) {
        return;
    }
    chat.composerError = '';
    const problems = admissionProblems(files, chat.attachments, chat.limits);
    const added = files.map((file, i) => attachment(newMessageId(), file, problems[i]));
    chat.attachments.push(...added);
    added.forEach((a, i) => {
        if (a.state === 'uploading') {
            upload(chat, a.key, files[i]);
        }
    });
    chat.announcement = attachAnnouncement(added);
}

/**
 * @param {ChatState} chat
 * @param {string} key
 * @param {File} file
 */
async function upload(chat, key, file) {
    const { done, cancel } = uploadFile(file, {
        token: antiforgeryToken(),
        onProgress: (loaded) => {
            const uploading = attached(chat, key);
            if (uploading) {
                uploading.loaded = loaded;
            }
        },
    });
    chat.internals.uploads.set(key, cancel);
    const result = await done;
    chat.internals.uploads.delete(key);
    const ended = attached(chat, key);
    if (!ended || result.outcome === 'cancelled') {
        return;
    }
    if (result.outcome === 'stored') {
        Object.assign(ended, { state: 'uploaded', file: result.file, loaded: ended.size });
    } else if (result.refusal.code === RefusalCodes.unauthenticated) {
        sessionEnded();
        return;
    } else {
        Object.assign(ended, { state: 'refused', error: uploadRefusalText(result.status, result.refusal.message, chat.limits) });
    }
    chat.announcement = uploadAnnouncement(ended);
}

/**
 * A file's button: cancels its upload, or takes it off the message. The focus goes to the next file's
 * button, else back to the composer.
 * @param {ChatState} chat
 * @param {Attachment} removed
 */
export function removeAttachment(chat, removed) {
    chat.internals.uploads.get(removed.key)?.();
    chat.internals.uploads.delete(removed.key);
    const index = chat.attachments.findIndex((a) => a.key === removed.key);
    if (index < 0) {
        return;
    }
    chat.attachments.splice(index, 1);
    chat.announcement = `${removed.name} removed`;
    alpine(chat).$nextTick(() => {
        const buttons = /** @type {NodeListOf<HTMLElement>} */ (chat.internals.root.querySelectorAll('.chat-attachment-remove'));
        (buttons[Math.min(index, buttons.length - 1)] ?? ref(chat, 'composer'))?.focus();
    });
}
