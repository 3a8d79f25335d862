import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uploadFile, uploadPath } from '../wwwroot/js/uploads.js';

/** XMLHttpRequest as far as an upload uses it: what it was asked to do is recorded; the test plays the network. */
function fakeRequest() {
    const listeners = {};
    const uploadListeners = {};
    const request = {
        opened: null, headers: {}, body: null, aborted: false, status: 0, statusText: '', responseText: '',
        open: (method, url) => { request.opened = [method, url]; },
        setRequestHeader: (name, value) => { request.headers[name] = value; },
        send: (body) => { request.body = body; },
        abort: () => { request.aborted = true; listeners.abort?.(); },
        addEventListener: (type, listener) => { listeners[type] = listener; },
        upload: { addEventListener: (type, listener) => { uploadListeners[type] = listener; } },
        progress: (loaded) => uploadListeners.progress?.({ loaded }),
        answer: (status, body) => { Object.assign(request, { status, responseText: typeof body === 'string' ? body : JSON.stringify(body) }); listeners.load?.(); },
        drop: () => listeners.error?.(),
    };
    return request;
}

const photo = Object.assign(new Blob(['png bytes']), { name: 'holiday photo #1.png' });
const stored = { id: 'f1', name: 'holiday photo #1.png', contentType: 'image/png', length: 9, width: 10, height: 10, picture: true };

test('a file goes as the raw body of one POST, its name in the query, with the antiforgery token', async () => {
    const request = fakeRequest();
    const { done } = uploadFile(photo, { token: 'tok', onProgress: () => {}, createRequest: () => request });
    request.answer(201, stored);

    assert.deepEqual(request.opened, ['POST', '/api/files?name=holiday%20photo%20%231.png']);
    assert.equal(request.body, photo);
    assert.deepEqual(request.headers, { RequestVerificationToken: 'tok', Accept: 'application/json', 'Content-Type': 'application/octet-stream' });
    assert.deepEqual(await done, { outcome: 'stored', file: stored });
    assert.equal(uploadPath('a/b?.txt'), '/api/files?name=a%2Fb%3F.txt');
});

test('how much has gone is told as it goes', () => {
    const request = fakeRequest();
    const seen = [];
    uploadFile(photo, { token: '', onProgress: (loaded) => seen.push(loaded), createRequest: () => request });
    request.progress(3);
    request.progress(9);

    assert.deepEqual(seen, [3, 9]);
});

test("a refusal carries the server's code, words and data", async () => {
    const request = fakeRequest();
    const { done } = uploadFile(photo, { token: '', onProgress: () => {}, createRequest: () => request });
    request.answer(409, { title: 'Conflict', status: 409, detail: 'Your files may take 500 MB in all.', code: 'storage_quota_exceeded', quotaBytes: 524_288_000 });

    assert.deepEqual(await done, {
        outcome: 'refused', status: 409, refusal: { code: 'storage_quota_exceeded', message: 'Your files may take 500 MB in all.', quotaBytes: 524_288_000 },
    });
});

test('an answer from something in front of the server has no words to show; a body cut off for its size is still known by its code', async () => {
    const request = fakeRequest();
    const { done } = uploadFile(photo, { token: '', onProgress: () => {}, createRequest: () => request });
    request.answer(413, '<html>Request Entity Too Large</html>');

    assert.deepEqual(await done, { outcome: 'refused', status: 413, refusal: { code: 'file_too_large', message: '' } });
});

test('a dropped connection is a refusal with no answer; a cancelled upload is neither stored nor refused', async () => {
    const dropped = fakeRequest();
    const first = uploadFile(photo, { token: '', onProgress: () => {}, createRequest: () => dropped });
    dropped.drop();
    const cancelled = fakeRequest();
    const second = uploadFile(photo, { token: '', onProgress: () => {}, createRequest: () => cancelled });
    second.cancel();

    assert.deepEqual(await first.done, { outcome: 'refused', status: 0, refusal: { code: 'invalid_argument', message: '' } });
    assert.equal(cancelled.aborted, true);
    assert.deepEqual(await second.done, { outcome: 'cancelled' });
});

test('a success whose body is not a file is no success', async () => {
    const request = fakeRequest();
    const { done } = uploadFile(photo, { token: '', onProgress: () => {}, createRequest: () => request });
    request.answer(200, '<html>a login page</html>');

    assert.equal((await done).outcome, 'refused');
});
