import { Worker } from 'node:worker_threads';

/**
 * The worker's code, plain JavaScript so that it runs the same from TypeScript sources (tests)
 * and from the build. It computes the block CRCs of a window (as `pstCrc` does: zlib's CRC-32
 * started from ~0 and inverted, which is [MS-PST]'s CRC) and writes the window to the file, in
 * the order the messages come.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { crc32 } = require('node:zlib');
const windows = workerData.windows.map((shared) => Buffer.from(shared));
const crcJobs = workerData.crcJobs.map((shared) => new Int32Array(shared));
function writeAll(data, length, position) {
  for (let done = 0; done < length; ) {
    done += writeSync(workerData.fd, data, done, length - done, position + done);
  }
}
parentPort.on('message', (message) => {
  try {
    if (message.window !== undefined) {
      const window = windows[message.window];
      const jobs = crcJobs[message.window];
      for (let i = 0; i < message.crcJobCount * 3; i += 3) {
        const crc = ~crc32(window.subarray(jobs[i], jobs[i] + jobs[i + 1]), 0xffffffff) >>> 0;
        window.writeUInt32LE(crc, jobs[i + 2]);
      }
      writeAll(window, message.length, message.position);
    } else {
      writeAll(Buffer.from(message.data), message.data.length, message.position);
    }
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.stack || error) });
  }
});
`;

/**
 * Computes block CRCs and writes to the file on a second thread, so that the thread building
 * the PST does neither: output windows and their CRC job lists live in shared memory, so a
 * message names a window and nothing is copied.
 */
export class BackgroundWriter {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private failure?: Error;

  constructor(fd: number, windows: Buffer[], crcJobs: Int32Array[]) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        fd,
        windows: windows.map((window) => window.buffer),
        crcJobs: crcJobs.map((jobs) => jobs.buffer),
      },
    });
    this.worker.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (error) waiter?.reject(new Error(`writing the PST failed: ${error}`));
      else waiter?.resolve();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.waiting.size > 0) this.fail(new Error(`the PST writer thread stopped (${code})`));
    });
  }

  /**
   * Computes the CRCs of window `index` (the first `crcJobCount` `[start, length, at]` triples
   * of its shared job list) and writes it.
   */
  writeWindow(index: number, position: number, length: number, crcJobCount: number): Promise<void> {
    return this.send({ window: index, position, length, crcJobCount });
  }

  /** Writes a copy of `data` at `position`, after everything sent before it. */
  write(position: number, data: Buffer): Promise<void> {
    return this.send({ position, data: new Uint8Array(data) });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private send(message: object): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    // Awaited later (when its window is reused, or by drain); never an unhandled rejection.
    done.catch(() => undefined);
    this.worker.postMessage({ ...message, id });
    return done;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
  }
}
