import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastSeenText, Presence, Typing, TYPING_SHOWN_FOR_MS, typingNoticeDue, watchList } from '../wwwroot/js/presence.js';
import { formats } from './messages.js';

test('presence keeps the last seen time it knows when a notice has none', () => {
    const presence = new Presence();

    presence.note('bob', { isOnline: false, lastSeenAt: '2026-01-01T09:00:00Z' });
    presence.note('bob', { isOnline: true });

    assert.deepEqual(presence.people.bob, { isOnline: true, lastSeenAt: '2026-01-01T09:00:00Z' });
    assert.equal(presence.isOnline('bob'), true);
    assert.equal(presence.isOnline('nobody'), false);
});

test('a live notice that comes while a snapshot is asked for wins over the snapshot', () => {
    const presence = new Presence();
    const asking = presence.asking();

    presence.noticed({ userId: 'bob', isOnline: false, lastSeenAt: '2026-01-01T10:00:00Z' });
    asking.answered([{ userId: 'bob', isOnline: true, lastSeenAt: null }, { userId: 'carol', isOnline: true, lastSeenAt: null }]);
    asking.ended();

    assert.equal(presence.isOnline('bob'), false);
    assert.equal(presence.isOnline('carol'), true);
    assert.equal(presence.pending.size, 0);
});

test('a list read before a live notice and coming after it does not undo it for someone the hub watches', () => {
    const presence = new Presence();
    const watching = presence.asking();
    watching.answered([{ userId: 'alice', isOnline: false, lastSeenAt: '2026-01-01T09:00:00Z' }]);
    watching.ended();

    presence.noticed({ userId: 'alice', isOnline: true, lastSeenAt: null });
    presence.note('alice', { isOnline: false, lastSeenAt: '2026-01-01T09:00:00Z' });

    assert.equal(presence.isOnline('alice'), true);
});

test('a list tells the presence of the people the hub does not watch, or no longer', () => {
    const presence = new Presence();
    presence.asking().answered([{ userId: 'alice', isOnline: true, lastSeenAt: null }]);
    presence.asking().answered([{ userId: 'bob', isOnline: false, lastSeenAt: null }]);

    presence.note('alice', { isOnline: false, lastSeenAt: '2026-01-01T09:00:00Z' });
    presence.note('carol', { isOnline: true });

    assert.equal(presence.isOnline('alice'), false);
    assert.equal(presence.isOnline('carol'), true);
});

test('whom to watch: each once, sorted, no more than the server allows', () => {
    assert.deepEqual(watchList(['c', 'a', 'c', 'b'], 10), ['a', 'b', 'c']);
    assert.deepEqual(watchList(['c', 'a', 'b'], 2), ['a', 'c']);
});

test('last seen, in words', () => {
    const now = Date.parse('2026-01-02T12:00:00Z');

    assert.equal(lastSeenText(null, now, formats), 'offline');
    assert.equal(lastSeenText('2026-01-02T11:59:30Z', now, formats), 'last seen just now');
    assert.equal(lastSeenText('2026-01-02T11:55:00Z', now, formats), 'last seen 5 min ago');
    assert.equal(lastSeenText('2026-01-02T09:00:00Z', now, formats), 'last seen at 10:00');
    assert.equal(lastSeenText('2025-12-30T09:00:00Z', now, formats), 'last seen 1 Jan');
});

test('several people may type in one conversation; each shows until their notice runs out or they send', () => {
    const typing = new Typing();

    typing.started({ conversationId: 'c1', userId: 'bob' }, 0);
    typing.started({ conversationId: 'c1', userId: 'carol' }, 1000);
    typing.started({ conversationId: 'c2', userId: 'dan' }, 0);
    assert.deepEqual(typing.typers('c1'), ['bob', 'carol']);

    typing.expire(TYPING_SHOWN_FOR_MS);
    assert.deepEqual(typing.typers('c1'), ['carol']);
    assert.deepEqual(typing.typers('c2'), []);

    typing.stopped('c1', 'carol');
    assert.deepEqual(typing.typers('c1'), []);
});

test('a new notice keeps the typing shown longer', () => {
    const typing = new Typing();

    typing.started({ conversationId: 'c1', userId: 'bob' }, 0);
    typing.started({ conversationId: 'c1', userId: 'bob' }, 3000);
    typing.expire(TYPING_SHOWN_FOR_MS);

    assert.deepEqual(typing.typers('c1'), ['bob']);
});

test('typing is told to the server every few seconds at most', () => {
    assert.equal(typingNoticeDue(0, 10_000), true);
    assert.equal(typingNoticeDue(10_000, 11_000), false);
    assert.equal(typingNoticeDue(10_000, 13_000), true);
});
