import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { normaliseText, type ReadBackMessage } from './read-back';

const run = promisify(execFile);
const JAVA_DIR = resolve(__dirname, '../../../../tools/pst-check/java');
const WALK_CLASS = 'JavaLibpstWalk';
export const JAVA_LIBPST_VERSION = '0.9.3';

export interface JavaLibpstWalk {
  folders: { path: string; messages: number }[];
  messages: ReadBackMessage[];
}

interface WalkedMessage {
  folder: string;
  subject: string | null;
  fromName: string | null;
  fromAddress: string | null;
  sentAt: string | null;
  messageId: string | null;
  text: string | null;
  html: string | null;
  recipients: { name: string; address: string; type: number }[];
  attachments: { name: string; contentId: string; sha256: string }[];
  embedded: WalkedMessage[];
}

let provisioned: Promise<string> | undefined;

/**
 * Opens a PST with java-libpst (Apache Tika's PST reader, from Maven Central) and walks every
 * folder and message as Tika does; rejects with java-libpst's error when it cannot, or when it
 * takes longer than `timeoutMs`.
 */
export async function walkWithJavaLibpst(
  pstPath: string,
  timeoutMs = 120_000,
): Promise<JavaLibpstWalk> {
  provisioned ??= provision();
  const classpath = await provisioned;
  const { stdout } = await run('java', ['-cp', classpath, WALK_CLASS, pstPath], {
    maxBuffer: 512 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const walk = JSON.parse(stdout) as {
    folders: JavaLibpstWalk['folders'];
    messages: WalkedMessage[];
  };
  return { folders: walk.folders, messages: walk.messages.map(asReadBack) };
}

/** java-libpst gives "" for a missing string and lists recipients in one table with a type. */
function asReadBack(message: WalkedMessage): ReadBackMessage {
  const present = (text: string | null) => (text ? text : undefined);
  const addresses = (type: number) =>
    message.recipients.filter((r) => r.type === type).map((r) => r.address);
  return {
    folder: message.folder,
    subject: message.subject ?? '',
    fromName: present(message.fromName),
    fromAddress: present(message.fromAddress),
    to: addresses(1),
    cc: addresses(2),
    bcc: addresses(3),
    sentAt: present(message.sentAt),
    messageId: present(message.messageId),
    text: normaliseText(present(message.text)),
    html: normaliseText(present(message.html)),
    attachments: message.attachments.map((a) => ({
      name: a.name,
      sha256: a.sha256,
      contentId: present(a.contentId),
    })),
    embedded: message.embedded.map(asReadBack),
  };
}

/**
 * Resolves java-libpst with Maven into the machine's cache (once) and compiles the walker beside
 * it (once per version of its source); returns the class path.
 */
async function provision(): Promise<string> {
  const cache = process.env.COFFER_CACHE_DIR ?? join(homedir(), '.cache', 'coffer');
  const home = join(cache, `java-libpst-${JAVA_LIBPST_VERSION}`);
  const libs = join(home, 'libs');
  if (!existsSync(libs) || !readdirSync(libs).some((jar) => jar.startsWith('java-libpst-'))) {
    mkdirSync(home, { recursive: true });
    await run(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(JAVA_DIR, 'pom.xml'),
        'dependency:copy-dependencies',
        `-DoutputDirectory=${libs}`,
        `-Dmaven.repo.local=${join(cache, 'm2')}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  }
  const source = join(JAVA_DIR, `${WALK_CLASS}.java`);
  const digest = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const classes = join(home, `walk-${digest}`);
  if (!existsSync(join(classes, `${WALK_CLASS}.class`))) {
    // Compiled beside its final place and renamed in, so that a parallel run never sees half.
    const scratch = mkdtempSync(join(home, 'walk-compiling-'));
    try {
      await run('javac', ['-d', scratch, '-cp', join(libs, '*'), source]);
      renameSync(scratch, classes);
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      if (!existsSync(join(classes, `${WALK_CLASS}.class`))) throw error;
    }
  }
  return [classes, join(libs, '*')].join(':');
}
