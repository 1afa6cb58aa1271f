import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { type MailboxEntry, type PstMessage, writePst } from '@coffer/pst';

const run = promisify(execFile);

/** Deterministic pseudo-random numbers, so that every run writes the same mailbox. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

/**
 * A mailbox of mixed sizes: 70% short plain text (1–4 KB), 20% text and HTML (10–30 KB),
 * 8% with an attachment of 50–200 KB, 2% with one of 1–2 MB. Attachment bytes come from a small
 * pool made once, so that generating the mailbox costs little next to writing it.
 */
function mixedMailbox(count: number): Iterable<MailboxEntry> {
  const next = random(42);
  const pool = (size: number) =>
    Array.from({ length: 4 }, (_, i) =>
      Buffer.from(Buffer.alloc(size, i + 1).map(() => Math.floor(next() * 256))),
    );
  const medium = pool(200_000);
  const large = pool(2_000_000);
  const words = (n: number) => WORDS.slice(0, n * 8);
  return messages(count, next, medium, large, words);
}

const WORDS = Array.from({ length: 5000 }, (_, i) => `word${(i * 7919) % 1000}`).join(' ');

function* messages(
  count: number,
  next: () => number,
  medium: Buffer[],
  large: Buffer[],
  words: (n: number) => string,
): Generator<MailboxEntry> {
  const folders = [
    ['Inbox'],
    ['Inbox', 'Projects'],
    ['Sent Items'],
    ['Archive', '2023'],
    ['Archive', '2024'],
  ];
  for (let i = 0; i < count; i++) {
    const kind = next();
    const message: PstMessage = {
      subject: `Message ${i} about ${words(3)}`,
      from: { name: `Sender ${i % 50}`, address: `sender${i % 50}@example.com` },
      recipients: [{ kind: 'to', name: 'Owner', address: 'owner@example.com' }],
      sentAt: new Date(Date.UTC(2023, 0, 1) + i * 60_000),
      read: i % 3 !== 0,
      textBody: words(150 + Math.floor(next() * 450)),
    };
    if (kind >= 0.7 && kind < 0.9)
      message.htmlBody = `<html><body><p>${words(1500 + Math.floor(next() * 3000))}</p></body></html>`;
    if (kind >= 0.9) {
      const source = kind >= 0.98 ? large : medium;
      const content = source[i % source.length].subarray(
        0,
        Math.floor(source[0].length * (0.5 + next() / 2)),
      );
      message.attachments = [
        { fileName: `file-${i}.bin`, mimeType: 'application/octet-stream', content },
      ];
    }
    yield { folder: folders[i % folders.length], message };
  }
}

/**
 * `npm run bench -- pst [N]`: writes a generated mailbox of N messages, then times readpst
 * reading the result in the same run, so the writer's speed shows against a mature C reader on
 * the same file. Wall times are the target (`writer_s`, `readpst_s`); CPU times are printed too,
 * because on a shared machine they vary far less than wall times.
 */
export async function benchPst(count: number): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'pst-bench-'));
  try {
    const path = join(dir, 'bench.pst');
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
    const mailbox = mixedMailbox(count);
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const [part] = await writePst(path, mailbox);
    const writerCpu = process.cpuUsage(cpuBefore);
    const writerSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());

    const readpstDir = join(dir, 'readpst');
    await mkdir(readpstDir);
    const childrenCpuBefore = await childrenCpuSeconds();
    const readStarted = process.hrtime.bigint();
    await run('readpst', ['-q', '-o', readpstDir, path], { maxBuffer: 64 * 1024 * 1024 });
    const readpstSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
    const readpstCpuSeconds = (await childrenCpuSeconds()) - childrenCpuBefore;
    const writerCpuSeconds = (writerCpu.user + writerCpu.system) / 1e6;
    return {
      messages: count,
      mb: round(part.bytes / 1e6),
      writer_s: round(writerSeconds),
      readpst_s: round(readpstSeconds),
      writer_over_readpst: round(writerSeconds / readpstSeconds),
      writer_cpu_s: round(writerCpuSeconds),
      readpst_cpu_s: round(readpstCpuSeconds),
      writer_over_readpst_cpu: round(writerCpuSeconds / readpstCpuSeconds),
      peak_rss_mb: Math.round(peakRss / 1e6),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** CPU seconds (user and system) of this process's finished children, from /proc (Linux). */
async function childrenCpuSeconds(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime
  // are fields 16 and 17, in clock ticks of 1/100 s.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
}

const CLOCK_TICKS_PER_SECOND = 100;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
