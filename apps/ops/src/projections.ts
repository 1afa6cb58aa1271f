import { setTimeout as sleep } from 'node:timers/promises';

import type { CofferConfig } from '@coffer/config';
import {
  AuditPatterns,
  IdentityPatterns,
  ProfilesPatterns,
  type AuditRebuildPlan,
  type AuditRebuildStatus,
  type ProjectionStatus,
} from '@coffer/contracts';

import { ProgressLine } from './progress-line';
import { ServiceClient } from './service-client';

/** The services that keep projections, and where each answers for them. */
const PROJECTING_SERVICES = [
  { service: 'identity', pattern: IdentityPatterns.projections },
  { service: 'profiles', pattern: ProfilesPatterns.projections },
  { service: 'audit', pattern: AuditPatterns.projections },
] as const;

/** `projections status`: every projection's lag per partition and its last event's time. */
export async function projectionsStatus(config: CofferConfig): Promise<ProjectionStatus[]> {
  const statuses: ProjectionStatus[] = [];
  for (const { service, pattern } of PROJECTING_SERVICES) {
    const client = new ServiceClient(config, service);
    try {
      statuses.push(...(await client.send<ProjectionStatus[]>(pattern, {})));
    } finally {
      await client.close();
    }
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
  const audit = new ServiceClient(config, 'audit');
  try {
    if (options.dryRun)
      return await audit.send<AuditRebuildPlan>(AuditPatterns.rebuild, { dryRun: true });
    await audit
      .send<AuditRebuildStatus>(AuditPatterns.rebuild, { dryRun: false })
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.message.endsWith('(rebuild-running)'))) throw error;
        process.stderr.write('a rebuild is already running: following it\n');
      });
    const progress = new ProgressLine(process.stderr);
    for (;;) {
      const status = await audit.send<AuditRebuildStatus>(AuditPatterns.rebuildStatus, {});
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
