import type { FileHandle } from 'node:fs/promises';

const WINDOW_SIZE = 1024 * 1024;

/**
 * Positional writes to a file, batched: the writer mostly appends, so bytes collect in a 1 MiB
 * window and go to disk in one call; the rare write behind the window goes straight to the file.
 */
export class OutputFile {
  private window = Buffer.alloc(WINDOW_SIZE);
  private windowStart: number;
  private windowEnd: number;
  bytesWritten = 0;

  constructor(
    private readonly file: FileHandle,
    start: number,
  ) {
    this.windowStart = start;
    this.windowEnd = start;
  }

  async write(position: number, data: Buffer): Promise<void> {
    if (position < this.windowStart) {
      await this.file.write(data, 0, data.length, position);
      return;
    }
    if (position + data.length > this.windowStart + WINDOW_SIZE) {
      await this.flush();
      this.windowStart = position;
      this.windowEnd = position;
      if (data.length > WINDOW_SIZE) {
        await this.file.write(data, 0, data.length, position);
        this.windowStart = this.windowEnd = position + data.length;
        return;
      }
    }
    data.copy(this.window, position - this.windowStart);
    this.windowEnd = Math.max(this.windowEnd, position + data.length);
  }

  async flush(): Promise<void> {
    const length = this.windowEnd - this.windowStart;
    if (length > 0) {
      await this.file.write(this.window, 0, length, this.windowStart);
      this.bytesWritten += length;
    }
    this.window.fill(0, 0, length);
    this.windowStart = this.windowEnd;
  }
}
