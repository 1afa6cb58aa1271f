import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MANIFEST = resolve(__dirname, '../../../../tools/pst-check/Cargo.toml');
/** Outside the clone, so that a fresh checkout (CI) reuses the compiled crate. */
const TARGET_DIR = join(homedir(), '.cache', 'coffer', 'pst-check-target');

export interface OutlookPstWalk {
  messages: number;
  recipients: number;
  attachments: number;
  folders: { path: string; messages: number }[];
}

let built: Promise<void> | undefined;

/**
 * Opens a PST with Microsoft's outlook-pst crate (built once from crates.io by cargo) and walks
 * every folder and message; rejects with the crate's error when it cannot.
 */
export async function walkWithOutlookPst(pstPath: string): Promise<OutlookPstWalk> {
  const { stdout } = await run(await outlookPstCheckBinary(), [pstPath], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as OutlookPstWalk;
}

/** The pst-check program, built by cargo the first time it is asked for. */
export async function outlookPstCheckBinary(): Promise<string> {
  built ??= run(
    'cargo',
    ['build', '--release', '--quiet', '--locked', '--manifest-path', MANIFEST],
    {
      env: { ...process.env, CARGO_TARGET_DIR: TARGET_DIR },
    },
  ).then(() => undefined);
  await built;
  return join(TARGET_DIR, 'release', 'pst-check');
}
