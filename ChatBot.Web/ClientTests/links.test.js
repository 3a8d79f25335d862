import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkParts } from '../wwwroot/js/links.js';

const shape = (text) => linkParts(text).map(({ text: t, href }) => (href ? [t, href] : t));

test('http and https addresses become links; the text around them stays text', () => {
    assert.deepEqual(shape('see https://example.org/a?b=1 and http://example.com'), [
        'see ', ['https://example.org/a?b=1', 'https://example.org/a?b=1'], ' and ', ['http://example.com', 'http://example.com/'],
    ]);
});

test('other schemes stay text', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'mailto:someone@example.org', 'ftp://example.org', 'xhttps://example.org']) {
        assert.deepEqual(shape(text), [text], text);
    }
});

test('punctuation that ends a sentence is not part of the address', () => {
    assert.deepEqual(shape('Look: https://example.org/page.'), ['Look: ', ['https://example.org/page', 'https://example.org/page'], '.']);
    assert.deepEqual(shape('(https://example.org/a)'), ['(', ['https://example.org/a', 'https://example.org/a'], ')']);
    assert.deepEqual(shape('https://en.wikipedia.org/wiki/Alpine_(band)!'), [
        ['https://en.wikipedia.org/wiki/Alpine_(band)', 'https://en.wikipedia.org/wiki/Alpine_(band)'], '!',
    ]);
});

test('markup in a message is text, and an address cannot break out of its attribute', () => {
    assert.deepEqual(shape('<img src=x onerror=alert(1)>'), ['<img src=x onerror=alert(1)>']);
    assert.deepEqual(shape('https://example.org/"onmouseover="x'), [['https://example.org/', 'https://example.org/'], '"onmouseover="x']);
});

test('a text without addresses is one part; each part has its own key', () => {
    assert.deepEqual(linkParts('just words'), [{ key: 0, text: 'just words', href: '' }]);
    assert.deepEqual(linkParts('a https://x.org b').map((p) => p.key), [0, 1, 2]);
    assert.deepEqual(linkParts(''), []);
});
