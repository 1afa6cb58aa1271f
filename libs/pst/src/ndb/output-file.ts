import type { FileHandle } from 'node:fs/promises';

const WINDOW_SIZE = 1024 * 1024;

/**
 * Positional writes to a file, batched: the writer mostly appends, so bytes collect in a 1 MiB
 * window that goes to disk in one call while the next window fills (two windows, one write in
 * flight). Writes behind the window (allocation maps of finished intervals) join the same queue,
 * so they land after the window that held zeros in their place.
 */
export class OutputFile {
  private window = Buffer.alloc(WINDOW_SIZE);
  private spare = Buffer.alloc(WINDOW_SIZE);
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
    if (position + data.length > this.windowStart + WINDOW_SIZE) {
      await this.flush();
      this.windowStart = position;
      this.windowEnd = position;
    }
    data.copy(this.window, position - this.windowStart);
    this.windowEnd = Math.max(this.windowEnd, position + data.length);
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
      // Padding between blocks is never written, so a reused window must start out zero.
      this.window.fill(0);
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
