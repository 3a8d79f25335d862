import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const scripts = new URL('../wwwroot/js/', import.meta.url);
const IMPORT = /^import\s[^'"]*from\s+'\.\/([\w-]+\.js)';$/gm;

/** Each script's imports of the others. @returns {Map<string, string[]>} */
function imports() {
    const files = readdirSync(scripts).filter((f) => f.endsWith('.js'));
    return new Map(files.map((f) => [f, [...readFileSync(new URL(f, scripts), 'utf8').matchAll(IMPORT)].map((m) => m[1])]));
}

/** The first chain of imports that comes back to where it started, or null. */
function cycle(graph) {
    const done = new Set();
    /** @param {string[]} path */
    const visit = (path) => {
        const file = path[path.length - 1];
        const start = path.indexOf(file);
        if (start < path.length - 1) {
            return path.slice(start);
        }
        if (done.has(file)) {
            return null;
        }
        for (const next of graph.get(file) ?? []) {
            const found = visit([...path, next]);
            if (found) {
                return found;
            }
        }
        done.add(file);
        return null;
    };
    for (const file of graph.keys()) {
        const found = visit([file]);
        if (found) {
            return found;
        }
    }
    return null;
}

test("the page's scripts import one way: none imports a script that imports it back", () => {
    const graph = imports();
    assert.ok(graph.get('chat.js')?.length, 'the imports were read');
    assert.equal(cycle(graph)?.join(' → ') ?? null, null);
});

test('a chain of imports that comes back is found', () => {
    assert.deepEqual(cycle(new Map([['a.js', ['b.js']], ['b.js', ['c.js']], ['c.js', ['b.js']]])), ['b.js', 'c.js', 'b.js']);
});
