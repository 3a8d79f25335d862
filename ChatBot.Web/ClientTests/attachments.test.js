import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admissionProblems, attachAnnouncement, attachment, attachmentViews, isUploading, uploadAnnouncement, uploadedFiles, uploadRefusalText } from '../wwwroot/js/attachments.js';

const limits = { maxFileBytes: 26_214_400, maxFilesPerMessage: 3 };
const chosen = (name, size = 1000) => ({ name, size });
const stored = (id, name) => ({ id, name, contentType: 'image/png', length: 1000, width: 10, height: 10, picture: true });

test('a file over the largest size is refused before a byte of it is sent, in the words the server would use', () => {
    assert.deepEqual(admissionProblems([chosen('big.mov', 26_214_401), chosen('exact.bin', 26_214_400)], [], limits), ['A file has at most 25 MB.', '']);
});

test('no more files than a message carries: those attached count, refused ones do not', () => {
    const attached = [attachment('k1', chosen('a'), ''), attachment('k2', chosen('huge', 1e9), 'A file has at most 25 MB.')];

    assert.deepEqual(admissionProblems([chosen('b'), chosen('c'), chosen('d')], attached, limits), ['', '', 'A message carries at most 3 files.']);
});

test('a file refused for its size does not take a place among those a message carries', () => {
    assert.deepEqual(admissionProblems([chosen('huge', 1e9), chosen('a'), chosen('b'), chosen('c')], [], limits), ['A file has at most 25 MB.', '', '', '']);
});

test('an empty file is refused; limits the server has not said are left to it', () => {
    assert.deepEqual(admissionProblems([chosen('empty.txt', 0)], [], limits), ['A file cannot be empty.']);
    assert.deepEqual(admissionProblems([chosen('any', 1e12)], [], null), ['']);
});

test('a file attached is uploading, or refused with the reason beside it', () => {
    assert.deepEqual(attachment('k', chosen('a.png', 10), ''), { key: 'k', name: 'a.png', size: 10, state: 'uploading', loaded: 0, file: null, error: '' });
    assert.deepEqual(attachment('k', chosen('a.png', 10), 'Too big.').state, 'refused');
});

test('each file shows its progress, and its button cancels the upload or removes the file, labelled for screen readers', () => {
    const views = attachmentViews([
        { ...attachment('k1', chosen('a.png', 2000), ''), loaded: 500 },
        { ...attachment('k2', chosen('b.png', 2000), ''), state: 'uploaded', file: stored('f2', 'b.png') },
        attachment('k3', chosen('c.png', 2000), 'Too big.'),
    ]);

    assert.deepEqual(views.map((v) => [v.percent, v.uploading, v.refused, v.sizeText, v.progressLabel, v.buttonLabel]), [
        [25, true, false, '2 KB', 'Uploading a.png', 'Cancel the upload of a.png'],
        [100, false, false, '2 KB', 'Uploading b.png', 'Remove b.png'],
        [0, false, true, '2 KB', 'Uploading c.png', 'Remove c.png'],
    ]);
});

test('the message waits while a file uploads, and carries those uploaded in the order they were attached', () => {
    const uploaded = (key, id) => ({ ...attachment(key, chosen(id), ''), state: /** @type {const} */ ('uploaded'), file: stored(id, id) });
    const attachments = [uploaded('k1', 'f1'), attachment('k2', chosen('late'), ''), attachment('k3', chosen('bad'), 'No.'), uploaded('k4', 'f4')];

    assert.equal(isUploading(attachments), true);
    assert.equal(isUploading(attachments.filter((a) => a.key !== 'k2')), false);
    assert.deepEqual(uploadedFiles(attachments).map((f) => f.id), ['f1', 'f4']);
});

test("an upload refused says the server's words; without them, what its status means", () => {
    assert.equal(uploadRefusalText(409, 'Your files may take 500 MB in all.', limits), 'Your files may take 500 MB in all.');
    assert.equal(uploadRefusalText(413, '', limits), 'A file has at most 25 MB.');
    assert.equal(uploadRefusalText(0, '', limits), 'The upload was cut off. Remove the file and attach it again.');
    assert.equal(uploadRefusalText(502, '', limits), 'The file could not be uploaded (502).');
});

test('the end of an upload is said to screen readers', () => {
    assert.equal(uploadAnnouncement({ ...attachment('k', chosen('a.png'), ''), state: 'uploaded' }), 'a.png attached');
    assert.equal(uploadAnnouncement(attachment('k', chosen('a.png'), 'A file cannot be empty.')), 'a.png not attached: A file cannot be empty.');
});

test('files attached are said at once: those uploading, and those refused with the reason', () => {
    const added = [attachment('k1', chosen('a.png'), ''), attachment('k2', chosen('b.png'), ''), attachment('k3', chosen('huge.mov'), 'A file has at most 25 MB.')];

    assert.equal(attachAnnouncement(added), 'Uploading a.png, b.png. huge.mov not attached: A file has at most 25 MB.');
});
