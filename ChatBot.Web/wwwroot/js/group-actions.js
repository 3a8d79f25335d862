// @ts-check
// Groups' actions: the "New group" flow, what the open group's members panel does (rename, add, remove,
// make admin, leave), and who read one's own message.
import { api, ApiError } from './api.js';
import { openConversation } from './conversation-actions.js';
import { findPeople, loadMembers, noteNames } from './shared-actions.js';
import { isGroup, newGroupProblem, groupNameProblem, togglePicked } from './groups.js';

/** @typedef {import('./chat-state.js').ChatState} ChatState */
/** @typedef {import('./contract.js').Conversation} Conversation */
/** @typedef {import('./contract.js').Member} Member */
/** @typedef {import('./contract.js').Person} Person */
/** @typedef {import('./views.js').MessageView} MessageView */

/**
 * @param {unknown} error
 * @param {string} otherwise
 */
const reason = (error, otherwise) => (error instanceof ApiError ? error.message : otherwise);

/** @param {ChatState} chat */
export function openNewGroup(chat) {
    chat.newGroup = { open: true, name: '', search: '', found: [], picked: [], error: '', busy: false };
    searchNewGroup(chat);
}

/** @param {ChatState} chat */
export function closeNewGroup(chat) {
    chat.newGroup.open = false;
}

/**
 * The people search of the "New group" form.
 * @param {ChatState} chat
 */
export async function searchNewGroup(chat) {
    const form = chat.newGroup;
    const term = form.search;
    const people = await findPeople(chat, term);
    if (form === chat.newGroup && term === form.search) {
        noteNames(chat, people);
        form.found = people.filter((p) => p.id !== chat.me.id);
    }
}

/**
 * @param {ChatState} chat
 * @param {Person} person
 */
export function isPicked(chat, person) {
    return chat.newGroup.picked.some((p) => p.id === person.id);
}

/**
 * @param {ChatState} chat
 * @param {Person} person
 */
export function togglePick(chat, person) {
    const form = chat.newGroup;
    const ids = togglePicked(form.picked.map((p) => p.id), person.id);
    form.picked = ids.map((id) => form.picked.find((p) => p.id === id) ?? person);
    form.error = '';
}

/**
 * @param {ChatState} chat
 */
export async function createGroup(chat) {
    const form = chat.newGroup;
    if (!chat.limits || form.busy) {
        return;
    }
    form.error = newGroupProblem(form.name, form.picked.map((p) => p.id), chat.limits);
    if (form.error) {
        return;
    }
    form.busy = true;
    try {
        /** @type {Conversation} */
        const created = await api('/api/conversations/groups', { method: 'POST', body: { name: form.name.trim(), memberIds: form.picked.map((p) => p.id) } });
        chat.conversations.upsert(created);
        form.open = false;
        await openConversation(chat, created.id);
    } catch (error) {
        form.error = reason(error, 'The group could not be made.');
    } finally {
        form.busy = false;
    }
}

/** @param {ChatState} chat */
export function openMembers(chat) {
    const c = chat.active;
    if (!isGroup(c) || !c) {
        return;
    }
    chat.panel = { name: c.name ?? '', search: '', found: [], error: '', busy: false };
    chat.membersOpen = true;
    searchToAdd(chat);
}

/** @param {ChatState} chat */
export function closeMembers(chat) {
    chat.membersOpen = false;
}

/**
 * A change to the open group; its events come back through the hub as every member's do.
 * @param {ChatState} chat
 * @param {(id: string) => Promise<unknown>} change
 * @param {string} failed what to say when it fails for no reason given
 */
async function changeGroup(chat, change, failed) {
    const id = chat.activeId;
    if (!id || chat.panel.busy) {
        return false;
    }
    chat.panel.busy = true;
    chat.panel.error = '';
    try {
        await change(id);
        await loadMembers(chat, id);
        return true;
    } catch (error) {
        chat.panel.error = reason(error, failed);
        return false;
    } finally {
        chat.panel.busy = false;
    }
}

/** @param {ChatState} chat */
export async function renameGroup(chat) {
    if (!chat.limits) {
        return;
    }
    chat.panel.error = groupNameProblem(chat.panel.name, chat.limits);
    if (!chat.panel.error) {
        await changeGroup(chat, (id) => api(`/api/conversations/${id}/name`, { method: 'PUT', body: { name: chat.panel.name.trim() } }), 'The group could not be renamed.');
    }
}

/** @param {ChatState} chat */
export async function searchToAdd(chat) {
    const panel = chat.panel;
    const term = panel.search;
    const people = await findPeople(chat, term);
    if (panel === chat.panel && term === panel.search) {
        noteNames(chat, people);
        panel.found = people;
    }
}

/**
 * @param {ChatState} chat
 * @param {Person} person
 */
export function addMember(chat, person) {
    return changeGroup(chat, (id) => api(`/api/conversations/${id}/members`, { method: 'POST', body: { userIds: [person.id] } }), `${person.displayName} could not be added.`);
}

/**
 * @param {ChatState} chat
 * @param {Member} member
 */
export function removeMember(chat, member) {
    return changeGroup(chat, (id) => api(`/api/conversations/${id}/members/${encodeURIComponent(member.user.id)}`, { method: 'DELETE' }), `${member.user.displayName} could not be removed.`);
}

/**
 * @param {ChatState} chat
 * @param {Member} member
 */
export function makeAdmin(chat, member) {
    return changeGroup(chat, (id) => api(`/api/conversations/${id}/admins`, { method: 'POST', body: { userId: member.user.id } }), `${member.user.displayName} could not be made an admin.`);
}

/** @param {ChatState} chat */
export async function leaveGroup(chat) {
    const id = chat.activeId;
    if (!id || chat.panel.busy) {
        return;
    }
    chat.panel.busy = true;
    try {
        await api(`/api/conversations/${id}/leave`, { method: 'POST' });
        const c = chat.conversations.find(id);
        if (c) {
            c.isGone = true;
        }
        chat.membersOpen = false;
    } catch (error) {
        chat.panel.error = reason(error, 'You could not leave the group just now.');
    } finally {
        chat.panel.busy = false;
    }
}

/**
 * Who read one of one's own messages in the group: shown, or hidden again.
 * @param {ChatState} chat
 * @param {MessageView} message
 */
export function toggleReaders(chat, message) {
    chat.readersShown = chat.readersShown === message.clientMessageId ? '' : message.clientMessageId;
}
