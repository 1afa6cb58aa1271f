import { createHash } from 'node:crypto';
import { mongo } from 'mongoose';
import { insertOrReplace } from '../insert-or-replace';
import { chunksOf, type BlobInfo, type BlobStore, type ByteRange } from './blob-store';

const CHUNK_SIZE = 1024 * 1024;

interface BlobFile {
  _id: string;
  size: number;
  sha256: string;
  chunkSize: number;
  chunks: number;
  createdAt: Date;
}

interface BlobChunk {
  _id: string;
  data: mongo.Binary;
}

/**
 * Blobs in the service's own database, laid out like GridFS (a file document, then 1 MiB
 * chunks) but with every chunk found by its `_id` (`<blob>#<n>`): FerretDB 1.24 pushes only `_id`
 * equality down to SQLite, so GridFS's lookups by (files_id, n) would scan every chunk of every
 * file on each read. The file document is written last: until it exists the blob does not.
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
    if (pending.length > 0 || index === 0) await writeChunk(pending);
    const file: BlobFile = {
      _id: id,
      size,
      sha256: hash.digest('hex'),
      chunkSize: CHUNK_SIZE,
      chunks: index,
      createdAt: new Date(),
    };
    await insertOrReplace(this.files, file);
    return { id, size, sha256: file.sha256 };
  }

  async info(id: string): Promise<BlobInfo | undefined> {
    const file = await this.files.findOne({ _id: id });
    return file ? { id, size: file.size, sha256: file.sha256 } : undefined;
  }

  async *read(id: string, range?: ByteRange): AsyncGenerator<Buffer> {
    const file = await this.files.findOne({ _id: id });
    if (!file) throw new Error(`blob ${id} does not exist`);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? file.size - 1, file.size - 1);
    for (let n = Math.floor(start / file.chunkSize); n * file.chunkSize <= end; n++) {
      const chunk = await this.chunks.findOne({ _id: chunkId(id, n) });
      if (!chunk) throw new Error(`blob ${id} is missing chunk ${n}`);
      const data = Buffer.from(chunk.data.buffer);
      const from = Math.max(0, start - n * file.chunkSize);
      const to = Math.min(data.length, end - n * file.chunkSize + 1);
      if (to > from) yield data.subarray(from, to);
    }
  }

  async delete(id: string): Promise<void> {
    const file = await this.files.findOne({ _id: id });
    if (!file) return;
    await this.files.deleteOne({ _id: id });
    for (let n = 0; n < file.chunks; n++) await this.chunks.deleteOne({ _id: chunkId(id, n) });
  }
}

function chunkId(id: string, n: number): string {
  return `${id}#${n.toString().padStart(8, '0')}`;
}
