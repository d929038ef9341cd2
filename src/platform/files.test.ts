import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskFileStore, sniffContentType } from './files.js';

test('PRV-2 files seam stores and reads bytes under the data directory', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-files-'));
  const store = new DiskFileStore(root);
  await store.put('documents/usr_1/doc_1', new Uint8Array([1, 2, 3]));
  assert.deepEqual([...(await store.get('documents/usr_1/doc_1'))], [1, 2, 3]);
  await store.delete('documents/usr_1/doc_1');
  await assert.rejects(store.get('documents/usr_1/doc_1'));
  fs.rmSync(root, { recursive: true, force: true });
});

test('PRV-2 files seam refuses keys that could escape the data directory', async () => {
  const store = new DiskFileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-files-')));
  for (const key of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', 'A/B', '', 'x\u0000y', '..']) {
    await assert.rejects(store.put(key, new Uint8Array([1])), /unsafe file key/, key);
  }
});

test('PRV-2 content type is sniffed from the bytes, not the name', () => {
  assert.equal(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'image/png');
  assert.equal(sniffContentType(new TextEncoder().encode('%PDF-1.7')), 'application/pdf');
  assert.equal(sniffContentType(new TextEncoder().encode('MZ\x90\x00 executable')), null);
  assert.equal(sniffContentType(new Uint8Array([])), null);
});
