import { join } from 'node:path';

import { type InfraContext, REPO_ROOT } from './infra-context';
import { assertPortFree, runningPid, startDaemon, stopDaemon, waitUntil } from './processes';

export async function startSmtpCatcher(context: InfraContext): Promise<void> {
  const { host, ports } = context.config;
  const dir = join(context.dataDir, 'smtp');
  const pidFile = join(dir, 'smtp-catcher.pid');
  if (!runningPid(pidFile)) {
    await assertPortFree(ports.smtp, host, 'SMTP catcher');
    await assertPortFree(ports.smtpHttp, host, 'SMTP catcher HTTP API');
    startDaemon({
      name: 'smtp-catcher',
      command: process.execPath,
      args: [
        join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(REPO_ROOT, 'tools', 'infra', 'smtp-catcher.ts'),
        join(dir, 'mail'),
        String(ports.smtp),
        String(ports.smtpHttp),
        host,
      ],
      pidFile,
      logFile: join(dir, 'smtp-catcher.log'),
    });
  }
  await waitUntil(
    'SMTP catcher',
    async () => {
      const response = await fetch(`http://${host}:${ports.smtpHttp}/messages`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
    20_000,
    join(dir, 'smtp-catcher.log'),
  );
}

export function stopSmtpCatcher(context: InfraContext): Promise<boolean> {
  return stopDaemon(join(context.dataDir, 'smtp', 'smtp-catcher.pid'));
}
