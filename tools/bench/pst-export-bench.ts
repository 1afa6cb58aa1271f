import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { PstExportView } from '@coffer/contracts';
import {
  expectEventually,
  HttpClient,
  importMailboxWithOps,
  Mailbox,
  withServicesRunning,
} from '@coffer/testing';

import { median, round } from './measure';
import { writeSyntheticMbox } from './synthetic-mbox';

const run = promisify(execFile);
const PASSWORD = 'benchmark passphrase 2026';
/** Downloads of the same export (and dd runs beside them): the medians are reported. */
const DOWNLOAD_ROUNDS = 5;

/** Reads a whole response with node:http (fetch's web streams cost this machine half its rate). */
function download(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`download answered ${response.statusCode}`));
      }
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** What a download of `bytes` is compared with, measured on one file of that size (MB/s). */
interface Yardsticks {
  /** `dd` through the page cache: the file was just written, as warm there as the blobs are. */
  cached: number;
  /** `dd` with `iflag=direct`: the disk itself. */
  direct: number;
  /**
   * A bare node:http server in this process streaming the file (1 MiB reads, as the blob
   * store's) to the same client as the download: what the download stands on. Client and server
   * share this process's one thread, so it is a floor, not a ceiling.
   */
  bareHttp: number;
}

async function yardsticks(dir: string, bytes: number): Promise<Yardsticks> {
  const file = join(dir, 'yardstick.bin');
  const megabytes = Math.max(1, Math.ceil(bytes / 2 ** 20));
  // Synced, so the direct read reads the disk, not a flush of dirty pages.
  await run('dd', ['if=/dev/urandom', `of=${file}`, 'bs=1M', `count=${megabytes}`, 'conv=fsync']);
  const rate = (read: number, started: number) =>
    round(read / 1e6 / Math.max((Date.now() - started) / 1000, 0.001), 1);
  const ddRate = async (flags: string[]) => {
    const started = Date.now();
    await run('dd', [`if=${file}`, 'of=/dev/null', 'bs=1M', ...flags]);
    return rate(megabytes * 2 ** 20, started);
  };
  const server = createServer((_request, response) => {
    response.writeHead(200);
    createReadStream(file, { highWaterMark: 2 ** 20 }).pipe(response);
  });
  try {
    const cached = await ddRate([]);
    const direct = await ddRate(['iflag=direct']);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    const bareHttp = rate(await download(`http://127.0.0.1:${port}/`), started);
    return { cached, direct, bareHttp };
  } finally {
    server.close();
    await rm(file, { force: true });
  }
}

/** Peak resident memory (VmHWM) of the running pst-export process, in MB. */
async function pstExportPeakRss(): Promise<number | null> {
  const { stdout } = await run('pgrep', ['-f', 'dist/apps/pst-export/src/main.js']).catch(() => ({
    stdout: '',
  }));
  const pid = stdout.trim().split('\n')[0];
  if (!pid) return null;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

/**
 * `npm run bench -- pst-export [N]`: imports a generated mailbox of N messages with the ops
 * command, exports it to PST (request until the link email arrives), downloads the file through
 * the page, and reads the worker's peak memory.
 */
export async function benchPstExport(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-pst-export-'));
  try {
    return await withServicesRunning(
      'bench-pst-export',
      {},
      async ({ env, config, mailApi, seeder }) => {
        const { organization } = await seeder.organization('bench', {
          email: 'admin@bench.test',
          password: PASSWORD,
        });
        const user = await seeder.user(organization.id, {
          email: 'user@bench.test',
          name: 'Bench User',
          password: PASSWORD,
        });
        const mbox = join(dir, 'bench.mbox');
        await writeSyntheticMbox(mbox, count, 'Benchmark');

        const importStarted = Date.now();
        await importMailboxWithOps(env, organization.id, 'user@bench.test', mbox);
        const importSeconds = (Date.now() - importStarted) / 1000;

        const admin = new HttpClient(config.publicUrl);
        await admin.post('/api/console/login', { email: 'admin@bench.test', password: PASSWORD });
        const exportStarted = Date.now();
        const requested = await admin.post<PstExportView>('/api/console/pst-exports', {
          userId: user.id,
          source: 'gmail',
        });
        const mailbox = new Mailbox(mailApi);
        await expectEventually(
          async () => {
            const mails = await mailbox.messagesTo('admin@bench.test');
            if (!mails.some((mail) => mail.text.includes(requested.body.id)))
              throw new Error('no link yet');
          },
          { timeoutMs: 60 * 60_000, intervalMs: 500 },
        );
        const exportSeconds = (Date.now() - exportStarted) / 1000;
        const done = (
          await admin.get<PstExportView>(`/api/console/pst-exports/${requested.body.id}`)
        ).body;

        const browser = new HttpClient(config.publicUrl);
        const signedIn = await browser.post<{ parts: { url: string; bytes: number }[] }>(
          `/download/pst/${requested.body.id}`,
          { email: 'admin@bench.test', password: PASSWORD },
        );
        // Downloads, dd and the bare server take turns, so all see the same noise from the rest
        // of the machine; the medians are compared.
        const downloadSeconds: number[] = [];
        const diskReads: number[] = [];
        const diskDirectReads: number[] = [];
        const bareHttp: number[] = [];
        const grant = { cookie: `coffer_download=${browser.cookie('coffer_download')}` };
        let downloaded = 0;
        for (let attempt = 0; attempt < DOWNLOAD_ROUNDS; attempt++) {
          const started = Date.now();
          downloaded = 0;
          for (const part of signedIn.body.parts) downloaded += await download(part.url, grant);
          downloadSeconds.push(Math.max((Date.now() - started) / 1000, 0.001));
          const measured = await yardsticks(dir, downloaded);
          diskReads.push(measured.cached);
          diskDirectReads.push(measured.direct);
          bareHttp.push(measured.bareHttp);
        }
        const diskRead = median(diskReads);
        const diskDirectRead = median(diskDirectReads);
        const bareHttpRate = median(bareHttp);
        const downloadRate = round(downloaded / 1e6 / median(downloadSeconds), 2);
        return {
          benchmark: 'pst-export',
          /** Files under COFFER_BLOB_DIR (the local default), or the database (COFFER_BLOB_DIR=''). */
          blob_store: env.COFFER_BLOB_DIR ? 'directory' : 'database',
          disk_read_mb_per_s: diskRead,
          download_mb_per_s: downloadRate,
          /** Target: at least 0.5. */
          download_per_disk_read: round(downloadRate / diskRead, 3),
          disk_direct_read_mb_per_s: diskDirectRead,
          download_per_disk_direct_read: round(downloadRate / diskDirectRead, 3),
          bare_http_mb_per_s: bareHttpRate,
          download_per_bare_http: round(downloadRate / bareHttpRate, 3),
          export_msg_per_s: Math.round(count / exportSeconds),
          messages: count,
          import: {
            seconds: round(importSeconds, 2),
            messagesPerSecond: Math.round(count / importSeconds),
          },
          export: {
            secondsFromRequestToEmail: round(exportSeconds, 2),
            messagesPerSecond: Math.round(count / exportSeconds),
            pstBytes: done.bytes,
            parts: done.parts.length,
          },
          download: {
            bytes: downloaded,
            medianSeconds: round(median(downloadSeconds), 2),
            rounds: DOWNLOAD_ROUNDS,
            megabytesPerSecond: downloadRate,
          },
          pstExportPeakRssMegabytes: await pstExportPeakRss(),
        };
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
