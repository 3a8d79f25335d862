// A reporter for `node --test`: one JSON line per test, for the xunit tests that run the browser
// client's unit tests (NodeTests.cs). Suites are not tests; their names prefix their tests' names.
import path from 'node:path';

export default async function* jsonLines(source) {
    const started = new Map(); // file → names of the tests started, by nesting level
    for await (const { type, data } of source) {
        if (type === 'test:start') {
            const stack = started.get(data.file) ?? [];
            stack.length = data.nesting;
            stack.push(data.name);
            started.set(data.file, stack);
        }
        if ((type !== 'test:pass' && type !== 'test:fail') || data.details?.type === 'suite') {
            continue;
        }
        const file = path.basename(data.file ?? data.name);
        const loading = data.name === data.file; // the file itself failed, before or around its tests
        const names = loading ? [] : [...(started.get(data.file) ?? []).slice(0, data.nesting), data.name];
        const error = data.details?.error;
        yield JSON.stringify({
            name: [file, ...names].join(' › '),
            passed: type === 'test:pass',
            skipped: data.skip !== undefined,
            durationMs: data.details?.duration_ms ?? 0,
            error: error ? String(error.cause?.stack ?? error.cause ?? error.stack ?? error) : null,
        }) + '\n';
    }
}
