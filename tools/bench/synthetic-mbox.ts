import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/**
 * The benchmarks' mailbox: an mbox of `count` messages to user@bench.test, written as a stream
 * (memory stays flat at any count): 2 KB text bodies, every tenth with a 30 KB attachment
 * (40 KB in base64). `label` goes into subjects and Message-IDs, so two benchmarks' messages
 * never look like duplicates of each other.
 */
export async function writeSyntheticMbox(path: string, count: number, label: string) {
  const attachment = Buffer.alloc(30_000, 7).toString('base64').replace(/.{76}/g, '$&\n');
  const body = 'lorem ipsum dolor sit amet '.repeat(75);
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    const head = [
      'From sender@example.com Mon Jan  1 00:00:00 2024',
      `From: sender${i % 40}@example.com`,
      'To: user@bench.test',
      `Subject: ${label} message ${i}`,
      `Date: ${new Date(Date.UTC(2023, 0, 1) + i * 60_000).toUTCString()}`,
      `Message-ID: <${label.toLowerCase().replace(/\W+/g, '-')}-${i}@example.com>`,
    ];
    const rest =
      i % 10 === 0
        ? [
            'MIME-Version: 1.0',
            'Content-Type: multipart/mixed; boundary="b"',
            '',
            '--b',
            'Content-Type: text/plain',
            '',
            body,
            '--b',
            'Content-Type: application/octet-stream; name="data.bin"',
            'Content-Transfer-Encoding: base64',
            '',
            attachment,
            '--b--',
            '',
          ]
        : ['', body, ''];
    if (!out.write([...head, ...rest].join('\n') + '\n'))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}
