import { BACKEND_SERVICE_NAMES, type CofferConfig } from '@coffer/config';
import { serviceStatusPattern, type ServiceStatus } from '@coffer/contracts';

import { ServiceClient } from './service-client';

export type StatusRow = ServiceStatus | { service: string; up: false; unreachable: string };

/** `status`: every backend service's health, outbox backlog and projection lag; a service that does not answer says so. */
export async function servicesStatus(config: CofferConfig): Promise<StatusRow[]> {
  return Promise.all(
    BACKEND_SERVICE_NAMES.map(async (service): Promise<StatusRow> => {
      const client = new ServiceClient(config, service);
      try {
        return await client.send<ServiceStatus>(serviceStatusPattern(service), {}, 5_000);
      } catch (error) {
        return {
          service,
          up: false,
          unreachable: error instanceof Error ? error.message : String(error),
        };
      } finally {
        await client.close();
      }
    }),
  );
}

/** One line per service: health, what is down, outbox backlog, the largest projection lag. */
export function formatServicesStatus(rows: StatusRow[]): string {
  const table = [['service', 'health', 'outbox backlog', 'projection lag', 'queued', 'problems']];
  for (const row of rows) {
    if ('unreachable' in row) {
      table.push([row.service, 'DOWN', '?', '?', '?', `not answering: ${row.unreachable}`]);
      continue;
    }
    const backlog = Object.values(row.outboxBacklog).reduce((sum, count) => sum + count, 0);
    const lags = row.projections.flatMap((projection) => projection.partitions.map((p) => p.lag));
    const down = row.dependencies.filter((dependency) => !dependency.up);
    table.push([
      row.service,
      row.up ? 'up' : 'DOWN',
      String(backlog),
      lags.length > 0 ? String(Math.max(...lags)) : '—',
      Object.entries(row.queues)
        .map(([queue, length]) => `${queue} ${length}`)
        .join(', ') || '—',
      down.map((dependency) => `${dependency.name}: ${dependency.detail ?? 'down'}`).join('; '),
    ]);
  }
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  return table
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
