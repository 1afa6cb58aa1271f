import { createHash } from 'node:crypto';

import { mongo } from 'mongoose';

import { insertOrReplace } from '../insert-or-replace';
import { type BlobInfo, type BlobStore, type ByteRange, chunksOf } from './blob-store';

const CHUNK_SIZE = 1024 * 1024;

interface BlobFile {
  _id: string;
  size: number;
  sha256: string;
  chunkSize: number;
  chunks: number;
  /** The whole blob, when it fits in one chunk (most messages): then `chunks` is 0. */
  data?: mongo.Binary;
  createdAt: Date;
}

interface BlobChunk {
  _id: string;
  data: mongo.Binary;
}

/** The file document without the data it may carry, for `info`. */
const WITHOUT_DATA = { projection: { data: 0 } } as const;

/**
 * Blobs in the service's own database, laid out like GridFS (a file document, then 1 MiB
 * chunks) but with every chunk found by its `_id` (`<blob>#<n>`): FerretDB 1.24 pushes only `_id`
 * equality down to SQLite, so GridFS's lookups by (files_id, n) would scan every chunk of every
 * file on each read. A blob that fits in one chunk (a mail message, mostly) lives in its file
 * document: one write and one read instead of two. The file document is written last: until it
 * exists the blob does not. Reading a large blob asks for the next chunk while the caller is
 * busy with the current one.
 */
export class DatabaseBlobStore implements BlobStore {
  private readonly files: mongo.Collection<BlobFile>;
  private readonly chunks: mongo.Collection<BlobChunk>;

  constructor(db: mongo.Db) {
    this.files = db.collection<BlobFile>('blob_files');
    this.chunks = db.collection<BlobChunk>('blob_chunks');
  }

  async put(id: string, source: AsyncIterable<Buffer> | Buffer): Promise<BlobInfo> {
    const hash = createHash('sha256');
    let size = 0;
    let index = 0;
    let pending: Buffer = Buffer.alloc(0);
    const writeChunk = async (data: Buffer) => {
      await insertOrReplace(this.chunks, {
        _id: chunkId(id, index++),
        data: new mongo.Binary(data),
      });
    };
    for await (const piece of chunksOf(source)) {
      hash.update(piece);
      size += piece.length;
      pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
      while (pending.length >= CHUNK_SIZE) {
        await writeChunk(pending.subarray(0, CHUNK_SIZE));
        pending = pending.subarray(CHUNK_SIZE);
      }
    }
    const inline = index === 0 && pending.length < CHUNK_SIZE;
    if (!inline && pending.length > 0) await writeChunk(pending);
    const file: BlobFile = {
      _id: id,
      size,
      sha256: hash.digest('hex'),
      chunkSize: CHUNK_SIZE,
      chunks: index,
      ...(inline ? { data: new mongo.Binary(pending) } : {}),
      createdAt: new Date(),
    };
    await insertOrReplace(this.files, file);
    return { id, size, sha256: file.sha256 };
  }

  async info(id: string): Promise<BlobInfo | undefined> {
    const file = await this.files.findOne({ _id: id }, WITHOUT_DATA);
    return file ? { id, size: file.size, sha256: file.sha256 } : undefined;
  }

  async *read(id: string, range?: ByteRange): AsyncGenerator<Buffer> {
    const file = await this.files.findOne({ _id: id });
    if (!file) throw new Error(`blob ${id} does not exist`);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? file.size - 1, file.size - 1);
    if (file.data) {
      if (end >= start) yield Buffer.from(file.data.buffer).subarray(start, end + 1);
      return;
    }
    const first = Math.floor(start / file.chunkSize);
    const last = Math.floor(end / file.chunkSize);
    const fetch = (n: number) => {
      const chunk = this.chunks.findOne({ _id: chunkId(id, n) });
      // A reader that stops early never awaits the chunk read ahead: its failure is not a crash.
      chunk.catch(() => undefined);
      return chunk;
    };
    let next = first <= last ? fetch(first) : undefined;
    for (let n = first; next; n++) {
      const chunk = await next;
      next = n + 1 <= last ? fetch(n + 1) : undefined;
      if (!chunk) throw new Error(`blob ${id} is missing chunk ${n}`);
      const data = Buffer.from(chunk.data.buffer);
      const from = Math.max(0, start - n * file.chunkSize);
      const to = Math.min(data.length, end - n * file.chunkSize + 1);
      if (to > from) yield data.subarray(from, to);
    }
  }

  async delete(id: string): Promise<void> {
    const file = await this.files.findOne({ _id: id }, WITHOUT_DATA);
    if (!file) return;
    await this.files.deleteOne({ _id: id });
    for (let n = 0; n < file.chunks; n++) await this.chunks.deleteOne({ _id: chunkId(id, n) });
  }
}

function chunkId(id: string, n: number): string {
  return `${id}#${n.toString().padStart(8, '0')}`;
}
