import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DirectoryBlobStore } from './directory-blob-store';

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

// The local default store, on a real directory of the machine's file system.
describe('blobs as files', () => {
  let root: string;
  let store: DirectoryBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'blobs-'));
    store = new DirectoryBlobStore(root);
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores a blob written in pieces with its size and checksum, read whole or in part', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    async function* pieces() {
      for (let at = 0; at < content.length; at += 100_000) yield content.subarray(at, at + 100_000);
    }
    const info = await store.put('pst-1', pieces());
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(info).toEqual({ id: 'pst-1', size: content.length, sha256 });
    expect(await store.info('pst-1')).toEqual(info);
    expect((await readAll(store.read('pst-1'))).equals(content)).toBe(true);
    const part = await readAll(store.read('pst-1', { start: 1_048_570, end: 2_097_160 }));
    expect(part.equals(content.subarray(1_048_570, 2_097_161))).toBe(true);
  });

  it('never shows a blob whose writing did not finish', async () => {
    async function* breaksOff() {
      yield randomBytes(50_000);
      throw new Error('the source broke off');
    }
    await expect(store.put('pst-2', breaksOff())).rejects.toThrow('the source broke off');
    expect(await store.info('pst-2')).toBeUndefined();
    // What a crash mid-write leaves behind is ignored as well.
    await writeFile(join(root, 'ps', 'pst-3.partial'), randomBytes(10));
    expect(await store.info('pst-3')).toBeUndefined();
  });

  it('deletes a blob and its checksum, and refuses an id that is not a plain file name', async () => {
    await store.put('pst-4', Buffer.from('hello'));
    await store.delete('pst-4');
    expect(await store.info('pst-4')).toBeUndefined();
    expect((await readdir(join(root, 'ps'))).filter((name) => name.startsWith('pst-4'))).toEqual(
      [],
    );
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('not a safe file name');
  });
});
