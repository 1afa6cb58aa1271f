import { type FileHandle, open, rm } from 'node:fs/promises';

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

  /**
   * Makes room for the next record and returns where it starts in `current`, zeroed, to be
   * filled before the next call.
   */
  append(): number {
    if (this.used === this.buffer.length) this.flush();
    const at = this.used;
    this.used += this.recordSize;
    this.count++;
    return at;
  }

  /** The buffer the last `append` made room in. */
  get current(): Buffer {
    return this.buffer;
  }

  /**
   * Every record in the order appended, in chunks of whole records; each chunk is valid until
   * the next is yielded.
   */
  async *chunks(): AsyncGenerator<Buffer> {
    this.flush();
    await this.pending;
    const chunk = Buffer.alloc(this.buffer.length);
    for (let position = 0; position < this.written;) {
      const { bytesRead } = await this.file.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0 || bytesRead % this.recordSize !== 0) {
        throw new Error(`${this.path} ended early`);
      }
      yield chunk.subarray(0, bytesRead);
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
