import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP_BOX, fileType, fileViews, filesSummary, fittedSize, humanSize, PHONE_BOX, pictureBeside, timelinePictures, viewerView } from '../wwwroot/js/files.js';
import { message } from './messages.js';

/** A file as the server describes it. */
const file = (id, name, { picture = false, width = null, height = null, length = 1000, contentType = 'application/octet-stream' } = {}) =>
    ({ id, name, contentType, length, width, height, picture });
const photo = (id, width = 4000, height = 3000) => file(id, `${id}.jpg`, { picture: true, width, height, contentType: 'image/jpeg' });

test('sizes read as people say them', () => {
    assert.deepEqual([0, 1, 512, 1023].map(humanSize), ['0 bytes', '1 byte', '512 bytes', '1023 bytes']);
    assert.deepEqual([1024, 1536, 12_345, 10_240 * 1024 - 1].map(humanSize), ['1 KB', '1.5 KB', '12 KB', '10 MB']);
    assert.deepEqual([26_214_400, 1024 ** 3 * 2.25, 1024 * 1024 - 10].map(humanSize), ['25 MB', '2.3 GB', '1 MB']);
});

test('a thumbnail fits its box with its shape kept, whichever side is long, and is never blown up', () => {
    assert.deepEqual(fittedSize(4000, 3000, DESKTOP_BOX), { width: 400, height: 300 });
    assert.deepEqual(fittedSize(3000, 4000, DESKTOP_BOX), { width: 240, height: 320 });
    assert.deepEqual(fittedSize(3000, 4000, PHONE_BOX), { width: 180, height: 240 });
    assert.deepEqual(fittedSize(8000, 1000, PHONE_BOX), { width: 260, height: 33 });
    assert.deepEqual(fittedSize(1, 20_000, DESKTOP_BOX), { width: 1, height: 320 });
    assert.deepEqual(fittedSize(64, 48, DESKTOP_BOX), { width: 64, height: 48 });
});

test('a picture whose size is not known is shown in a square', () => {
    assert.deepEqual(fittedSize(null, null, DESKTOP_BOX), { width: 240, height: 240 });
    assert.deepEqual(fittedSize(0, 100, PHONE_BOX), { width: 240, height: 240 });
});

test("a message's pictures are thumbnails sized for a desktop and a phone; its other files are cards to download", () => {
    const report = file('f2', 'report.final.PDF', { length: 2_500_000, contentType: 'application/pdf' });
    const { pictures, documents } = fileViews([photo('f1', 3000, 4000), report], false);

    assert.deepEqual(pictures, [{
        key: 'f1', id: 'f1', name: 'f1.jpg', src: '/api/files/f1/thumbnail', width: 240, height: 320,
        style: { '--phone-width': '180px' }, label: 'Open picture f1.jpg',
    }]);
    assert.deepEqual(documents, [{
        key: 'f2', id: 'f2', name: 'report.final.PDF', href: '/api/files/f2', size: '2.4 MB', type: 'PDF', label: 'Download report.final.PDF, 2.4 MB, PDF',
    }]);
});

test('a deleted message shows no files, nor one without any', () => {
    assert.deepEqual(fileViews([photo('f1')], true), { pictures: [], documents: [] });
    assert.deepEqual(fileViews(null, false), { pictures: [], documents: [] });
});

test("a file's type is its name's extension, else the type the server found", () => {
    assert.equal(fileType('notes.txt', 'text/plain'), 'TXT');
    assert.equal(fileType('Makefile', 'text/plain'), 'text/plain');
    assert.equal(fileType('.bashrc', ''), 'File');
    assert.equal(fileType('weird.<b>x</b>', 'application/octet-stream'), 'application/octet-stream');
});

test("a message's files are summed up in words where only a line is shown", () => {
    assert.equal(filesSummary(null), '');
    assert.equal(filesSummary([photo('a')]), 'a picture');
    assert.equal(filesSummary([photo('a'), photo('b')]), '2 pictures');
    assert.equal(filesSummary([file('a', 'plan.pdf')]), 'a file: plan.pdf');
    assert.equal(filesSummary([photo('a'), file('b', 'plan.pdf')]), '2 files');
});

test("the viewer goes through the timeline's pictures in order: by message, then as each has them, none of a deleted one", () => {
    const rows = [
        { ...message(1), files: [photo('a'), file('doc', 'doc.pdf'), photo('b')] },
        { ...message(2), files: null },
        { ...message(3), deleted: true, files: [photo('gone')] },
        { ...message(4), files: [photo('c')] },
    ];
    const pictures = timelinePictures(rows);

    assert.deepEqual(pictures.map((p) => [p.id, p.seq]), [['a', 1], ['b', 1], ['c', 4]]);
    assert.equal(pictureBeside(pictures, 'b', 1)?.id, 'c');
    assert.equal(pictureBeside(pictures, 'b', -1)?.id, 'a');
    assert.equal(pictureBeside(pictures, 'c', 1), null);
    assert.equal(pictureBeside(pictures, 'a', -1), null);
    assert.equal(pictureBeside(pictures, 'gone', 1), null);
});

test('the viewer shows the preview, where the picture is among the others, and the original to download', () => {
    const pictures = timelinePictures([{ ...message(1), files: [photo('a'), photo('b'), photo('c')] }]);

    assert.deepEqual(viewerView(pictures, 'b'), {
        found: true, name: 'b.jpg', src: '/api/files/b/preview', downloadHref: '/api/files/b', position: '2 of 3', hasPrevious: true, hasNext: true,
    });
    assert.deepEqual([viewerView(pictures, 'a').hasPrevious, viewerView(pictures, 'c').hasNext], [false, false]);
    assert.equal(viewerView(pictures, 'deleted meanwhile').found, false);
});
