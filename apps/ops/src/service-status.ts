import { BACKEND_SERVICE_NAMES, type CofferConfig } from '@coffer/config';
import { type ServiceStatus, serviceStatusMessages } from '@coffer/contracts';
import { ServiceClients } from '@coffer/service-kit';

export type StatusRow = ServiceStatus | { service: string; up: false; unreachable: string };

/** `status`: every backend service's health, outbox backlog and projection lag; a service that does not answer says so. */
export async function servicesStatus(config: CofferConfig): Promise<StatusRow[]> {
  const clients = new ServiceClients(config);
  try {
    return await Promise.all(
      BACKEND_SERVICE_NAMES.map(async (service): Promise<StatusRow> => {
        try {
          return await clients.send(
            serviceStatusMessages(service).status,
            {},
            { timeoutMs: 5_000 },
          );
        } catch (error) {
          return { service, up: false, unreachable: unreachableReason(error) };
        }
      }),
    );
  } finally {
    await clients.close();
  }
}

/** Why a service did not answer, in the words of what failed underneath. */
function unreachableReason(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
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
