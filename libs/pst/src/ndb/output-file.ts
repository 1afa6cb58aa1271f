import type { FileHandle } from 'node:fs/promises';

const WINDOW_SIZE = 1024 * 1024;

/**
 * Positional writes to a file, batched: the writer mostly appends, so bytes collect in a 1 MiB
 * window that goes to disk in one call while the next window fills (two windows, one write in
 * flight). Blocks are laid out in the window itself (`slot`), not copied there. Writes behind the
 * window (allocation maps of finished intervals) join the same queue, so they land after the
 * window that held their place.
 */
export class OutputFile {
  private window = Buffer.allocUnsafe(WINDOW_SIZE);
  private spare = Buffer.allocUnsafe(WINDOW_SIZE);
  private windowStart: number;
  private windowEnd: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: FileHandle,
    start: number,
  ) {
    this.windowStart = start;
    this.windowEnd = start;
  }

  async write(position: number, data: Buffer): Promise<void> {
    if (position < this.windowStart) {
      const copy = Buffer.from(data);
      await this.enqueue(() => this.file.write(copy, 0, copy.length, position));
      return;
    }
    data.copy(await this.slot(position, data.length));
  }

  /**
   * The `size` bytes of the window at `position` (at or after the window's start), to be filled
   * before the next call. Bytes skipped since the last write are zeroed, so a reused window
   * never leaks old data into padding.
   */
  async slot(position: number, size: number): Promise<Buffer> {
    if (position + size > this.windowStart + WINDOW_SIZE) {
      await this.flush();
      this.windowStart = position;
      this.windowEnd = position;
    }
    return this.trySlot(position, size) as Buffer;
  }

  /** `slot` without waiting: undefined when the window must go to the file first. */
  trySlot(position: number, size: number): Buffer | undefined {
    if (position + size > this.windowStart + WINDOW_SIZE) return undefined;
    const at = position - this.windowStart;
    if (position > this.windowEnd) this.window.fill(0, this.windowEnd - this.windowStart, at);
    this.windowEnd = Math.max(this.windowEnd, position + size);
    return this.window.subarray(at, at + size);
  }

  /** Queues the window's bytes and waits for the write queued before them: one in flight. */
  async flush(): Promise<void> {
    const length = this.windowEnd - this.windowStart;
    if (length > 0) {
      const full = this.window;
      const position = this.windowStart;
      await this.enqueue(() => this.file.write(full, 0, length, position));
      this.window = this.spare;
      this.spare = full;
    }
    this.windowStart = this.windowEnd;
  }

  /** Waits until everything queued is on its way to the file. */
  async drain(): Promise<void> {
    await this.flush();
    await this.queue;
  }

  private async enqueue(write: () => Promise<unknown>): Promise<void> {
    const previous = this.queue;
    this.queue = previous.then(async () => {
      await write();
    });
    await previous;
  }
}
