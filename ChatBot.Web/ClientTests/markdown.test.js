import assert from 'node:assert/strict';
import { test } from 'node:test';
import markdownit from 'markdown-it';
import { createMarkdown, isSafeHref } from '../wwwroot/js/markdown.js';

const markdown = createMarkdown(markdownit);
/** The tree's first paragraph's children, or the whole tree. */
const inline = (body, mentioned) => markdown.tree(body, mentioned)[0].children;
/** Every element of a tree, flattened. */
const elements = (nodes) => nodes.flatMap((n) => (typeof n === 'string' ? [] : [n, ...elements(n.children)]));

test('the subset: bold, italic, strike, inline code and links', () => {
    assert.deepEqual(inline('**bold** _it_ ~~gone~~ `x < y` [docs](https://example.org/a?b=1)'), [
        { tag: 'strong', children: ['bold'] }, ' ',
        { tag: 'em', children: ['it'] }, ' ',
        { tag: 's', children: ['gone'] }, ' ',
        { tag: 'code', children: ['x < y'] }, ' ',
        { tag: 'a', href: 'https://example.org/a?b=1', children: ['docs'] },
    ]);
});

test('code blocks, quotes and lists (a numbered one keeps its first number)', () => {
    assert.deepEqual(markdown.tree('> said\n\n- a\n- b\n\n3. c\n\n```\nlet x = 1;\n  indented\n```'), [
        { tag: 'blockquote', children: [{ tag: 'p', children: ['said'] }] },
        { tag: 'ul', children: [{ tag: 'li', children: ['a'] }, { tag: 'li', children: ['b'] }] },
        { tag: 'ol', start: 3, children: [{ tag: 'li', children: ['c'] }] },
        { tag: 'pre', children: [{ tag: 'code', children: ['let x = 1;\n  indented'] }] },
    ]);
});

test('what is outside the subset stays as written: headings, rules, images, tables', () => {
    const tree = markdown.tree('# not a heading\n---\n| a | b |');
    assert.deepEqual(tree, [{ tag: 'p', children: ['# not a heading', '\n', '---', '\n', '| a | b |'] }]);
    assert.deepEqual(elements(markdown.tree('![alt](https://x.org/a.png)')).map((e) => e.tag), ['p', 'a']);
});

test('HTML a sender writes is text, never an element', () => {
    const body = '<script>alert(1)</script><img src=x onerror="alert(1)"><b>bold</b>';
    assert.deepEqual(markdown.tree(body), [{ tag: 'p', children: [body] }]);
});

test('line breaks are kept as they were typed', () => {
    assert.deepEqual(inline('two\nlines'), ['two', '\n', 'lines']);
});

test('only http, https and mailto addresses are links, whether written as Markdown or found in the text', () => {
    const links = (body) => elements(markdown.tree(body)).filter((e) => e.tag === 'a').map((e) => e.href);

    assert.deepEqual(links('see https://example.org/guide?x=1, not javascript:alert(1) or data:text/html,hi'), ['https://example.org/guide?x=1']);
    assert.deepEqual(links('[a](javascript:alert(1)) [b](data:text/html,x) [c](/api/users) [d](vbscript:x) [e](file:///etc/passwd)'), []);
    assert.deepEqual(links('<https://auto.org> ann@example.org [f](mailto:ann@example.org) http://plain.org'), ['https://auto.org', 'mailto:ann@example.org', 'mailto:ann@example.org', 'http://plain.org']);
    assert.deepEqual(links('README.md and example.org are not links'), []);
    assert.deepEqual(['https://x.org', 'http://x.org', 'mailto:a@x.org', 'javascript:x', 'ftp://x.org', '/relative', 'x'].map(isSafeHref), [true, true, true, false, false, false, false]);
});

test('a mentioned person shows as a highlighted @Name wherever the text names them, outside links', () => {
    const ann = { names: ['@Ann Lee', '@ann_l'], label: '@Ann Lee' };

    assert.deepEqual(inline('hi @Ann Lee and @ANN_L, not @Annie nor x@ann_l', [ann]), [
        'hi ', { tag: 'mention', children: ['@Ann Lee'] }, ' and ', { tag: 'mention', children: ['@Ann Lee'] }, ', not @Annie nor x@ann_l',
    ]);
    assert.deepEqual(inline('[@Ann Lee](https://x.org) **@Ann Lee**', [ann]), [
        { tag: 'a', href: 'https://x.org', children: ['@Ann Lee'] }, ' ', { tag: 'strong', children: [{ tag: 'mention', children: ['@Ann Lee'] }] },
    ]);
    assert.deepEqual(inline('hi @Ann Lee'), ['hi @Ann Lee']);
});

test('the same text gives the same frozen tree, so the page builds it once', () => {
    const tree = markdown.tree('**same**');
    assert.equal(markdown.tree('**same**'), tree);
    assert.equal(Object.isFrozen(tree[0]), true);
    assert.notEqual(markdown.tree('**same**', [{ names: ['@x'], label: '@X' }]), tree);
});

test('plain text keeps the words without the marks', () => {
    assert.equal(markdown.plain('**bold** and `code`\n- one\n- two'), 'bold and code\none\ntwo');
    assert.equal(markdown.plain('<b>as written</b>'), '<b>as written</b>');
});
