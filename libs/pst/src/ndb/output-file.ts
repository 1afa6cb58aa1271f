import type { FileHandle } from 'node:fs/promises';

import { BackgroundWriter } from './background-writer';
import { pstCrc } from './crc';

const WINDOW_SIZE = 1024 * 1024;
const WINDOW_COUNT = 3;
/** Blocks take at least 64 bytes, so a window holds at most this many. */
const MAX_BLOCKS_PER_WINDOW = WINDOW_SIZE / 64;

/**
 * Positional writes to a file, batched: the writer mostly appends, so bytes collect in 1 MiB
 * windows, laid out in place (`slot`), that go to the file whole. Block CRCs are computed when a
 * window goes out (`crcLater`). Once a file outgrows its first window, a second thread
 * (`BackgroundWriter`) computes them and writes while the next windows fill; a small file is
 * written from this thread and never starts one. Writes behind the window (allocation maps of
 * finished intervals) join the same ordered stream, so they land after the window that held
 * their place.
 */
export class OutputFile {
  private readonly windows = Array.from({ length: WINDOW_COUNT }, () =>
    Buffer.from(new SharedArrayBuffer(WINDOW_SIZE)),
  );
  /** Per window, when the file has its bytes and the window can be filled again. */
  private readonly released: Promise<void>[] = this.windows.map(() => Promise.resolve());
  private current = 0;
  private window = this.windows[0];
  private windowStart: number;
  private windowEnd: number;
  /** Per window, `[start, length, at]` in it for each block whose CRC is still to do. */
  private readonly crcJobs = this.windows.map(
    () => new Int32Array(new SharedArrayBuffer(MAX_BLOCKS_PER_WINDOW * 3 * 4)),
  );
  private crcJobCount = 0;
  /** Writes from this thread, in order, until the background writer takes over. */
  private queue: Promise<void> = Promise.resolve();
  private background?: BackgroundWriter;
  /** The last write handed to the background writer, which does them in order. */
  private lastSent: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: FileHandle,
    start: number,
  ) {
    this.windowStart = start;
    this.windowEnd = start;
  }

  /** Writes `data` at `position`; behind the window it is copied and queued, not waited for. */
  async write(position: number, data: Buffer): Promise<void> {
    if (position < this.windowStart) {
      const copy = Buffer.from(data);
      if (this.background) this.lastSent = this.background.write(position, copy);
      else this.enqueue(() => this.file.write(copy, 0, copy.length, position));
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
      await this.flush(false);
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

  /**
   * Has the CRC of the `length` bytes at `start` written (32 bits, little endian) at `at` before
   * the window goes out; both must lie in the last slot taken.
   */
  crcLater(start: number, length: number, at: number): void {
    const jobs = this.crcJobs[this.current];
    const i = this.crcJobCount++ * 3;
    jobs[i] = start - this.windowStart;
    jobs[i + 1] = length;
    jobs[i + 2] = at - this.windowStart;
  }

  /** Sends everything to the file and waits until it is there; stops the background writer. */
  async drain(): Promise<void> {
    await this.flush(true);
    await Promise.all(this.released);
    await this.lastSent;
    await this.queue;
    await this.background?.close();
    this.background = undefined;
  }

  /** Stops the background writer without waiting for what it has not written. */
  async abort(): Promise<void> {
    await this.background?.close();
    this.background = undefined;
  }

  /** Hands the window to the file and moves on to the next, once that one is free again. */
  private async flush(last: boolean): Promise<void> {
    const length = this.windowEnd - this.windowStart;
    if (length > 0) {
      const index = this.current;
      const crcJobs = this.crcJobs[index];
      const crcJobCount = this.crcJobCount;
      this.crcJobCount = 0;
      if (!this.background && !last) {
        await this.queue;
        this.background = new BackgroundWriter(this.file.fd, this.windows, this.crcJobs);
      }
      if (this.background) {
        this.released[index] = this.background.writeWindow(
          index,
          this.windowStart,
          length,
          crcJobCount,
        );
      } else {
        const window = this.window;
        for (let i = 0; i < crcJobCount * 3; i += 3) {
          const start = crcJobs[i];
          window.writeUInt32LE(pstCrc(window, start, start + crcJobs[i + 1]), crcJobs[i + 2]);
        }
        const position = this.windowStart;
        this.released[index] = this.enqueue(() => this.file.write(window, 0, length, position));
      }
      this.current = (index + 1) % WINDOW_COUNT;
      this.window = this.windows[this.current];
      await this.released[this.current];
    }
    this.windowStart = this.windowEnd;
  }

  private enqueue(write: () => Promise<unknown>): Promise<void> {
    this.queue = this.queue.then(async () => {
      await write();
    });
    // Awaited by drain (or when its window is reused); never an unhandled rejection meanwhile.
    this.queue.catch(() => undefined);
    return this.queue;
  }
}
