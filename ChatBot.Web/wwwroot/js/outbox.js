// Messages written but not yet acknowledged. They are kept in localStorage, so a reload or a crash
// of the tab loses none; each is resent with the same client message id until the server has it.

function storageKey(userId) {
    return `chatbot.outbox.${userId}`;
}

export function loadOutbox(userId) {
    try {
        const entries = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
        return Array.isArray(entries) ? entries : [];
    } catch {
        return [];
    }
}

export function saveOutbox(userId, entries) {
    try {
        localStorage.setItem(storageKey(userId), JSON.stringify(entries));
    } catch {
        // Storage full or disabled: the outbox still works for this page's lifetime.
    }
}

// A version 4 UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere.
export function newMessageId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
