import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeForStatus, hubRefusal, problemRefusal } from '../wwwroot/js/refusals.js';

test("a hub refusal is read from the JSON after SignalR's words", () => {
    const error = new Error(`An unexpected error occurred invoking 'SendMessage' on the server. HubException: {"code":"rate_limited","message":"You are sending too fast; wait 3 s and try again.","retryAfterSeconds":3}`);

    assert.deepEqual(hubRefusal(error), { code: 'rate_limited', message: 'You are sending too fast; wait 3 s and try again.', retryAfterSeconds: 3 });
});

test('a refusal whose text has braces and quotes is read whole', () => {
    const refusal = { code: 'invalid_message', message: 'A "message" {with} braces.', maxLength: 4000 };

    assert.deepEqual(hubRefusal(new Error(`HubException: ${JSON.stringify(refusal)}`)), refusal);
});

test('an error that is no refusal means the server did not answer', () => {
    assert.equal(hubRefusal(new Error('Invocation canceled due to the underlying connection being closed.')), null);
    assert.equal(hubRefusal(new Error("An unexpected error occurred invoking 'SendMessage' on the server.")), null);
    assert.equal(hubRefusal(new Error('HubException: {"code":"broken')), null);
    assert.equal(hubRefusal(new Error('HubException: {"code":5,"message":"x"}')), null);
    assert.equal(hubRefusal(undefined), null);
});

test('a problem answer gives its code, its text and its data', () => {
    const body = { type: 'x', title: 'Too Many Requests', status: 429, detail: 'Try again in 15 minutes.', traceId: 't', code: 'rate_limited', retryAfterSeconds: 900 };

    assert.deepEqual(problemRefusal(429, body, 'fallback'), { code: 'rate_limited', message: 'Try again in 15 minutes.', retryAfterSeconds: 900 });
});

test("a validation problem's first field error is its text; the field errors are its data", () => {
    const errors = { limit: ['limit must be between 1 and 200.'] };

    assert.deepEqual(problemRefusal(400, { title: 'One or more validation errors occurred.', errors, code: 'invalid_argument' }, 'fallback'),
        { code: 'invalid_argument', message: 'limit must be between 1 and 200.', errors });
});

test('an answer without a code gets the one its status means', () => {
    assert.equal(problemRefusal(401, null, 'Unauthorized').code, 'unauthenticated');
    assert.equal(problemRefusal(404, { title: 'Not Found' }, 'x').message, 'Not Found');
    assert.equal(problemRefusal(502, 'not a problem', 'Bad Gateway').message, 'Bad Gateway');
    assert.deepEqual([400, 401, 403, 404, 429, 500, 503].map(codeForStatus),
        ['invalid_argument', 'unauthenticated', 'forbidden', 'not_found', 'rate_limited', 'server_error', 'unavailable']);
});

test('a body cut off for its size before the server saw it is known as a file too large', () => {
    assert.equal(codeForStatus(413), 'file_too_large');
    assert.equal(problemRefusal(413, null, 'Payload Too Large').code, 'file_too_large');
});
