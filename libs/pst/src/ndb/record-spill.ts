import { open, rm, type FileHandle } from 'node:fs/promises';

const BUFFER_SIZE = 256 * 1024;

/**
 * Fixed-size records appended to a temporary file and read back in the same order, so that an
 * index the size of the mailbox (block and node entries) never has to sit in memory. Appending
 * is synchronous: a full buffer is handed to the file in the background (one write at a time)
 * and a fresh one takes its place.
 */
export class RecordSpill {
  private buffer: Buffer;
  private used = 0;
  private written = 0;
  private pending: Promise<void> = Promise.resolve();
  count = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly path: string,
    readonly recordSize: number,
  ) {
    this.buffer = this.newBuffer();
  }

  static async create(path: string, recordSize: number): Promise<RecordSpill> {
    return new RecordSpill(await open(path, 'w+'), path, recordSize);
  }

  /** Returns the zeroed slot to fill for the next record. */
  append(): Buffer {
    if (this.used === this.buffer.length) this.flush();
    const slot = this.buffer.subarray(this.used, this.used + this.recordSize);
    this.used += this.recordSize;
    this.count++;
    return slot;
  }

  /** Every record in the order appended; each slot is valid until the next is yielded. */
  async *records(): AsyncGenerator<Buffer> {
    this.flush();
    await this.pending;
    const chunk = Buffer.alloc(this.buffer.length);
    for (let position = 0; position < this.written;) {
      const { bytesRead } = await this.file.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) throw new Error(`${this.path} ended early`);
      for (let at = 0; at < bytesRead; at += this.recordSize) {
        yield chunk.subarray(at, at + this.recordSize);
      }
      position += bytesRead;
    }
  }

  async dispose(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.file.close();
    await rm(this.path, { force: true });
  }

  private flush(): void {
    if (this.used === 0) return;
    const full = this.buffer;
    const length = this.used;
    const position = this.written;
    this.written += length;
    this.pending = this.pending.then(async () => {
      await this.file.write(full, 0, length, position);
    });
    this.buffer = this.newBuffer();
    this.used = 0;
  }

  private newBuffer(): Buffer {
    return Buffer.alloc(Math.floor(BUFFER_SIZE / this.recordSize) * this.recordSize);
  }
}
