import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';

import type { MailboxImportView } from '@coffer/contracts';
import {
  HttpClient,
  IdentitySeeder,
  ServiceProcesses,
  testEnvironment,
  waitForHealthyGateway,
} from '@coffer/testing';

import { round } from './measure';
import { writeSyntheticMbox } from './synthetic-mbox';

const run = promisify(execFile);
const PASSWORD = 'benchmark passphrase 2026';

/** Resident memory now and at its peak (VmRSS, VmHWM) of whatever listens on `port`, in MB. */
async function memoryOfListener(port: number): Promise<{ rss: number; peak: number } | null> {
  const { stdout } = await run('ss', ['-Hltnp', `sport = :${port}`]).catch(() => ({ stdout: '' }));
  const pid = /pid=(\d+)/.exec(stdout)?.[1];
  if (!pid) return null;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) =>
    Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024);
  return { rss: mb('VmRSS'), peak: mb('VmHWM') };
}

/**
 * `npm run bench -- mailbox-import [N]`: uploads a generated mbox of N messages through the
 * gateway (streamed from disk, as a browser sends a file), and reads the gateway's and
 * pst-export's memory before and after: the gateway holds a batch, not the archive.
 */
export async function benchMailboxImport(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-mailbox-import-'));
  const { env, config } = testEnvironment('bench-mailbox-import');
  const services = await ServiceProcesses.launch({ env });
  const seeder = new IdentitySeeder(config);
  try {
    await waitForHealthyGateway(config.publicUrl);
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
    await writeSyntheticMbox(mbox, count, 'Upload benchmark');
    const bytes = (await stat(mbox)).size;
    const admin = new HttpClient(config.publicUrl);
    await admin.post('/api/console/login', { email: 'admin@bench.test', password: PASSWORD });
    const gatewayBefore = await memoryOfListener(config.ports.gateway);
    const pstExportBefore = await memoryOfListener(config.ports.pstExport);

    const started = Date.now();
    const job = await admin.post<MailboxImportView>(
      `/api/console/users/${user.id}/mailbox-imports`,
      { source: 'gmail', fileName: 'bench.mbox', bytes },
    );
    const boundary = 'bench-boundary';
    const file = createReadStream(mbox);
    const parts = (async function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="archive"; filename="bench.mbox"\r\n\r\n`,
      );
      yield* file;
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })();
    const answer = await admin.request<MailboxImportView>(
      'POST',
      `/api/console/mailbox-imports/${job.body.id}/archive`,
      {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        rawBody: Readable.toWeb(Readable.from(parts)) as ReadableStream<Uint8Array>,
        timeoutMs: 60 * 60_000,
      },
    );
    const seconds = (Date.now() - started) / 1000;
    if (answer.status !== 200)
      throw new Error(`the upload answered ${answer.status}: ${answer.text}`);

    return {
      messages: count,
      archiveMegabytes: round(bytes / 2 ** 20, 1),
      imported: answer.body.imported,
      skipped: answer.body.skippedCount,
      seconds: round(seconds, 1),
      messagesPerSecond: round(count / seconds, 0),
      megabytesPerSecond: round(bytes / 2 ** 20 / seconds, 2),
      gatewayMemoryMegabytes: {
        before: gatewayBefore,
        after: await memoryOfListener(config.ports.gateway),
      },
      pstExportMemoryMegabytes: {
        before: pstExportBefore,
        after: await memoryOfListener(config.ports.pstExport),
      },
    };
  } finally {
    await seeder.close();
    await services.stopAll();
    await rm(dir, { recursive: true, force: true });
  }
}
