import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { validatePst } from '@coffer/pst';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '../../..');

/** The operator command end to end: an mbox with Gmail labels in, a PST that readpst opens out. */
describe('npm run ops -- mbox-to-pst', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbox-to-pst-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('converts an mbox, labels becoming folders, and keeps a malformed message with a warning', async () => {
    const mbox = join(dir, 'takeout.mbox');
    await writeFile(
      mbox,
      [
        'From 1@xxx Mon Jan  1 00:00:00 2024',
        'X-Gmail-Labels: Inbox,Work/Projects,Opened',
        'From: Ann <ann@example.com>',
        'To: bob@example.com',
        'Subject: =?UTF-8?Q?Caf=C3=A9?=',
        'Date: Mon, 01 Jan 2024 10:00:00 +0000',
        '',
        'Hello',
        '',
        'From 2@xxx Mon Jan  1 00:00:00 2024',
        'X-Gmail-Labels: Sent',
        'From: bob@example.com',
        'Subject: Reply',
        '',
        'Hi',
        '',
        'From 3@xxx Mon Jan  1 00:00:00 2024',
        '\u0000\u0001 not a message at all',
        '',
        'From 4@xxx Mon Jan  1 00:00:00 2024',
        'X-Gmail-Labels: Archived,Opened',
        'From: old@example.com',
        'Subject: Broken boundary',
        'Content-Type: multipart/mixed; boundary="declared"',
        '',
        '--actual',
        'Content-Type: text/plain',
        '',
        'archived body',
        '--actual--',
        '',
      ].join('\n'),
    );
    const output = join(dir, 'takeout.pst');
    const { stdout, stderr } = await run(
      'npx',
      ['tsx', 'apps/ops/src/main.ts', 'mbox-to-pst', mbox, output],
      {
        cwd: REPO_ROOT,
      },
    );
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({
      messages: 5,
      warnings: 2,
      repaired: 1,
      parts: [{ path: output, messages: 5 }],
    });
    expect(stderr).toContain('message 3: ');
    expect(stderr).toContain('message 4: repaired: boundary "declared" not in the body');
    expect(validatePst(output).problems).toEqual([]);

    const readpstDir = join(dir, 'readpst');
    await run('sh', [
      '-c',
      'mkdir -p "$1" && readpst -j 0 -e -q -o "$1" "$2"',
      'sh',
      readpstDir,
      output,
    ]);
    const top = join(readpstDir, (await readdir(readpstDir))[0]);
    expect((await readdir(top)).sort()).toEqual(['Archived', 'Inbox', 'Sent Items', 'Work']);
    expect(await readdir(join(top, 'Work', 'Projects'))).toEqual(['1.eml']);
    const archived = await readFile(join(top, 'Archived', '1.eml'), 'utf8');
    expect(archived).toContain('Subject: Broken boundary');
    expect(archived).toContain('archived body');
  });

  it('validate-pst passes a good file and fails a truncated one with the reason', async () => {
    const good = join(dir, 'takeout.pst');
    const { stdout } = await run('npx', ['tsx', 'apps/ops/src/main.ts', 'validate-pst', good], {
      cwd: REPO_ROOT,
    });
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, problems: [] });
    const broken = join(dir, 'truncated.pst');
    await writeFile(broken, (await readFile(good)).subarray(0, 100_000));
    await expect(
      run('npx', ['tsx', 'apps/ops/src/main.ts', 'validate-pst', broken], { cwd: REPO_ROOT }),
    ).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('file size'),
    });
  });

  it('answers a missing argument with its usage and exit code 2', async () => {
    await expect(
      run('npx', ['tsx', 'apps/ops/src/main.ts', 'mbox-to-pst'], { cwd: REPO_ROOT }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run ops'),
    });
  });
});
