import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { MailboxEntry } from '../messaging/model';
import { writePst } from '../pst-writer';
import { NdbReader } from '../validate/ndb-reader';
import { pstCrc } from './crc';
import { BLOCK_TRAILER_SIZE, blockDiskSize } from './format';
import { OutputFile } from './output-file';

describe('OutputFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pst-output-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes records with their CRCs, and zeros in every gap, through windows used again', async () => {
    // 6 MiB of 4 KiB records with a 4-byte CRC after each and a 60-byte gap before the next:
    // the file outgrows its first window (so a second thread writes it) and every window is
    // filled twice.
    const path = join(dir, 'out.bin');
    const handle = await open(path, 'w');
    const output = new OutputFile(handle, 0);
    const stride = 4096 + 4 + 60;
    const count = Math.floor((6 * 1024 * 1024) / stride);
    for (let i = 0; i < count; i++) {
      const slot = await output.slot(i * stride, 4096 + 4);
      slot.fill(i % 251, 0, 4096);
      output.crcLater(i * stride, 4096, i * stride + 4096);
    }
    await output.write(4100, Buffer.from('mark')); // in the first gap, behind the window: queued
    await output.drain();
    await handle.close();

    const file = readFileSync(path);
    expect(file.length).toBe((count - 1) * stride + 4100);
    expect(file.toString('latin1', 4100, 4104)).toBe('mark');
    file.fill(0, 4100, 4104);
    for (let i = 0; i < count; i++) {
      const record = file.subarray(i * stride, i * stride + 4096);
      expect(record.every((byte) => byte === i % 251)).toBe(true);
      expect(file.readUInt32LE(i * stride + 4096)).toBe(pstCrc(record));
      const gap = file.subarray(i * stride + 4100, Math.min((i + 1) * stride, file.length));
      expect(gap.every((byte) => byte === 0)).toBe(true);
    }
  });

  it('leaves block padding zero in a PST written in several windows', async () => {
    const path = join(dir, 'padded.pst');
    const mailbox: MailboxEntry[] = Array.from({ length: 40 }, (_, i) => ({
      folder: ['Inbox'],
      message: {
        subject: `Message ${i}`,
        textBody: 'x'.repeat(1000 + i * 37),
        attachments: [{ fileName: 'a.bin', content: Buffer.alloc(100_000 + i * 1001, 0xa5) }],
      },
    }));
    await writePst(path, mailbox);
    const file = readFileSync(path);
    expect(file.length).toBeGreaterThan(3 * 1024 * 1024);
    const ndb = NdbReader.open(path);
    try {
      for (const block of ndb.blocks.values()) {
        const trailer = block.ib + blockDiskSize(block.cb) - BLOCK_TRAILER_SIZE;
        expect(file.subarray(block.ib + block.cb, trailer).every((byte) => byte === 0)).toBe(true);
      }
    } finally {
      ndb.close();
    }
  });

  it('stops its second thread when the mailbox fails half way', async () => {
    async function* failing(): AsyncGenerator<MailboxEntry> {
      for (let i = 0; i < 30; i++) {
        yield { folder: ['Inbox'], message: { attachments: [{ content: Buffer.alloc(200_000) }] } };
      }
      throw new Error('the mailbox source broke');
    }
    await expect(writePst(join(dir, 'failed.pst'), failing())).rejects.toThrow(
      'the mailbox source broke',
    );
  });
});
