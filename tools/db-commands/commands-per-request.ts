import type { DbCommandRecord } from '@coffer/service-kit';

/** How many database commands one kind of request sent, over every request of that kind recorded. */
export interface RequestCommandCount {
  service: string;
  operation: string;
  requests: number;
  min: number;
  max: number;
  mean: number;
  /** Commands per collection (and command name), summed over those requests. */
  commands: Record<string, number>;
}

/**
 * Groups the recorded commands by the request that sent them (work outside a request is left
 * out) and counts them per request: what a sign-in or a console command costs in round trips.
 */
export function commandsPerRequest(records: DbCommandRecord[]): RequestCommandCount[] {
  const requests = new Map<string, { service: string; operation: string; count: number }>();
  const commands = new Map<string, Record<string, number>>();
  for (const record of records) {
    if (!record.operation || !record.request) continue;
    const key = `${record.service}/${record.request}`;
    const request = requests.get(key) ?? {
      service: record.service,
      operation: record.operation,
      count: 0,
    };
    request.count += 1;
    requests.set(key, request);
    const kind = `${record.service}/${record.operation}`;
    const tally = commands.get(kind) ?? {};
    const name = `${record.command} ${record.collection ?? ''}`.trim();
    tally[name] = (tally[name] ?? 0) + 1;
    commands.set(kind, tally);
  }
  const byOperation = new Map<string, number[]>();
  for (const request of requests.values()) {
    const kind = `${request.service}/${request.operation}`;
    byOperation.set(kind, [...(byOperation.get(kind) ?? []), request.count]);
  }
  return [...byOperation.entries()]
    .map(([kind, counts]) => {
      const [service, operation] = splitOnce(kind);
      return {
        service,
        operation,
        requests: counts.length,
        min: Math.min(...counts),
        max: Math.max(...counts),
        mean: counts.reduce((sum, count) => sum + count, 0) / counts.length,
        commands: commands.get(kind) ?? {},
      };
    })
    .sort((a, b) => `${a.service}/${a.operation}`.localeCompare(`${b.service}/${b.operation}`));
}

function splitOnce(kind: string): [string, string] {
  const slash = kind.indexOf('/');
  return [kind.slice(0, slash), kind.slice(slash + 1)];
}
