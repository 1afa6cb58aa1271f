import { setTimeout as sleep } from 'node:timers/promises';

import type { CofferConfig } from '@coffer/config';
import {
  AuditMessages,
  type AuditRebuildPlan,
  type AuditRebuildStatus,
  type MessageService,
  type ProjectionStatus,
  serviceStatusMessages,
} from '@coffer/contracts';
import { ServiceCallError, ServiceClients } from '@coffer/service-kit';

import { ProgressLine } from './progress-line';

/** The services that keep projections. */
const PROJECTING_SERVICES: MessageService[] = ['identity', 'profiles', 'audit'];

/** `projections status`: every projection's lag per partition and its last event's time. */
export async function projectionsStatus(config: CofferConfig): Promise<ProjectionStatus[]> {
  const clients = new ServiceClients(config);
  const statuses: ProjectionStatus[] = [];
  try {
    for (const service of PROJECTING_SERVICES)
      statuses.push(...(await clients.send(serviceStatusMessages(service).projections, {})));
  } finally {
    await clients.close();
  }
  return statuses;
}

/** A table a person reads at a glance: one line per projection and partition. */
export function formatProjectionsStatus(statuses: ProjectionStatus[]): string {
  const rows = [
    ['service', 'projection', 'topic', 'partition', 'position', 'end', 'lag', 'last event'],
  ];
  for (const status of statuses) {
    for (const partition of status.partitions) {
      rows.push([
        status.service,
        status.projection,
        partition.topic,
        String(partition.partition),
        String(partition.position),
        String(partition.end),
        String(partition.lag),
        partition.lastEventAt ?? '—',
      ]);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * `projections rebuild audit [--dry-run]`: asks the audit service to rebuild (it does the work,
 * so an operator's terminal closing does not stop it) and follows its progress. Starting it
 * again while one runs follows the running one.
 */
export async function rebuildAuditTrail(
  config: CofferConfig,
  options: { dryRun: boolean; pollMs?: number },
): Promise<AuditRebuildPlan | AuditRebuildStatus> {
  const audit = new ServiceClients(config);
  try {
    if (options.dryRun) return await audit.send(AuditMessages.rebuild, { dryRun: true });
    await audit.send(AuditMessages.rebuild, { dryRun: false }).catch((error: unknown) => {
      if (!(error instanceof ServiceCallError && error.code === 'rebuild-running')) throw error;
      process.stderr.write('a rebuild is already running: following it\n');
    });
    const progress = new ProgressLine(process.stderr);
    for (;;) {
      const status = await audit.send(AuditMessages.rebuildStatus, {});
      if (status.state !== 'running') {
        progress.done();
        return status;
      }
      progress.update(describeProgress(status));
      await sleep(options.pollMs ?? 500);
    }
  } finally {
    await audit.close();
  }
}

function describeProgress(status: AuditRebuildStatus): string {
  const width = 30;
  const fraction = status.total > 0 ? Math.min(status.read / status.total, 1) : 0;
  const bar = '█'.repeat(Math.round(fraction * width)).padEnd(width, '░');
  const eta = status.etaSeconds !== undefined ? `, ETA ${status.etaSeconds} s` : '';
  return `rebuild audit ${status.phase ?? ''} ${bar} ${status.read}/${status.total} events${eta}`;
}
