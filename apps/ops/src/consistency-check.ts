import { setTimeout as sleep } from 'node:timers/promises';

import { BACKEND_SERVICE_NAMES, type CofferConfig } from '@coffer/config';
import {
  AuditMessages,
  type EventEnvelope,
  type MessageService,
  type ProjectedDifference,
  type ReadModelReport,
  type ServiceConsistency,
  serviceStatusMessages,
} from '@coffer/contracts';
import { ServiceClients } from '@coffer/service-kit';

const PAGE_COMMITS = 500;
const EXAMPLES = 20;

/** What `ops check` found: every list empty and every count equal means consistent. */
export interface ConsistencyFindings {
  consistent: boolean;
  services: ServiceConsistency[];
  /** Read models that disagree with their service's events. */
  readModels: (ReadModelReport & { service: string })[];
  /** Read models folded from another service's events that lag behind them (first examples). */
  projected: { differences: number; examples: (ProjectedDifference & { service: string })[] };
  /** Commits still waiting in an outbox (the trail cannot have them yet). */
  unpublished: { service: string; collection: string; commits: number }[];
  auditTrail: {
    /** Stored events the trail should show. */
    audited: number;
    entries: number;
    missing: number;
    missingExamples: { service: string; id: string; type: string }[];
    /** Entries no stored event explains: duplicates, or events no service stored. */
    unexplained: number;
  };
}

/**
 * `ops check`: compares the events every service stored with the audit trail and with each
 * service's read models. Services compare their own read models (only they know them); the trail
 * and the read models fed by other services' events are compared a page of stored events at a
 * time, so memory stays bounded.
 */
export async function checkConsistency(config: CofferConfig): Promise<ConsistencyFindings> {
  const clients = new ServiceClients(config);
  const messagesOf = (service: string) => {
    if (!(BACKEND_SERVICE_NAMES as readonly string[]).includes(service))
      throw new Error(`no service named ${service} is configured`);
    return serviceStatusMessages(service as MessageService);
  };
  try {
    const services: ServiceConsistency[] = [];
    for (const service of BACKEND_SERVICE_NAMES) {
      services.push(
        await clients.send(messagesOf(service).consistency, {}, { timeoutMs: 300_000 }),
      );
    }
    const trail: Omit<ConsistencyFindings['auditTrail'], 'entries' | 'unexplained'> = {
      audited: 0,
      missing: 0,
      missingExamples: [],
    };
    const projected: ConsistencyFindings['projected'] = { differences: 0, examples: [] };

    /** One page of `service`'s stored events against the trail and every projection of them. */
    const comparePage = async (service: string, events: EventEnvelope[]) => {
      const compared = await clients.send(
        AuditMessages.compareEvents,
        { events },
        { timeoutMs: 60_000 },
      );
      trail.audited += compared.audited;
      trail.missing += compared.missing.length;
      for (const event of compared.missing.slice(0, EXAMPLES - trail.missingExamples.length))
        trail.missingExamples.push({ service, ...event });
      for (const projecting of services) {
        const applied = events.filter((event) => projecting.projects.includes(event.type));
        if (applied.length === 0) continue;
        const lagging = await clients.send(
          messagesOf(projecting.service).projected,
          { events: applied },
          { timeoutMs: 60_000 },
        );
        projected.differences += lagging.length;
        for (const difference of lagging.slice(0, EXAMPLES - projected.examples.length))
          projected.examples.push({ service: projecting.service, ...difference });
      }
    };

    for (const { service, stores } of services) {
      for (const store of stores) {
        let after: string | undefined;
        do {
          const page = await clients.send(
            messagesOf(service).eventsPage,
            { collection: store.collection, after, limit: PAGE_COMMITS },
            { timeoutMs: 60_000 },
          );
          if (page.events.length > 0) await comparePage(service, page.events);
          after = page.next;
        } while (after);
      }
    }
    const { entries } = await clients.send(AuditMessages.countEntries, {}, { timeoutMs: 60_000 });
    const readModels = services.flatMap((consistency) =>
      consistency.readModels
        .filter((report) => report.differences > 0)
        .map((report) => ({ service: consistency.service, ...report })),
    );
    const unpublished = services.flatMap((consistency) =>
      consistency.stores
        .filter((store) => store.unpublished > 0)
        .map((store) => ({
          service: consistency.service,
          collection: store.collection,
          commits: store.unpublished,
        })),
    );
    // Entries are keyed by event id, so found = audited − missing, and any surplus is unexplained.
    const unexplained = Math.max(0, entries - (trail.audited - trail.missing));
    return {
      consistent:
        readModels.length === 0 &&
        projected.differences === 0 &&
        unpublished.length === 0 &&
        trail.missing === 0 &&
        unexplained === 0,
      services,
      readModels,
      projected,
      unpublished,
      auditTrail: { ...trail, entries, unexplained },
    };
  } finally {
    await clients.close();
  }
}

/**
 * Checks again until consistent or `waitSeconds` have passed: right after a fault, outboxes and
 * projections are still catching up, and only what stays different is a finding.
 */
export async function checkConsistencyWithin(
  config: CofferConfig,
  waitSeconds: number,
): Promise<ConsistencyFindings> {
  const deadline = Date.now() + waitSeconds * 1_000;
  for (;;) {
    const findings = await checkConsistency(config).catch((error: unknown) => {
      if (Date.now() >= deadline) throw error;
      return undefined;
    });
    if (findings && (findings.consistent || Date.now() >= deadline)) return findings;
    await sleep(2_000);
  }
}

/** What a person reads: totals, then every difference with its first examples. */
export function formatFindings(findings: ConsistencyFindings): string {
  const lines: string[] = [];
  for (const service of findings.services) {
    const stores = service.stores
      .map((store) => `${store.collection}: ${store.events} events`)
      .join(', ');
    const models = service.readModels
      .map((model) => `${model.collection}: ${model.documents} documents`)
      .join(', ');
    lines.push(`${service.service.padEnd(10)} ${[stores, models].filter(Boolean).join('; ')}`);
  }
  const { auditTrail } = findings;
  lines.push(
    `audit trail: ${auditTrail.entries} entries for ${auditTrail.audited} audited events; ` +
      `${auditTrail.missing} missing, ${auditTrail.unexplained} unexplained`,
  );
  for (const event of auditTrail.missingExamples)
    lines.push(`  missing from the trail: ${event.service} ${event.type} ${event.id}`);
  for (const outbox of findings.unpublished)
    lines.push(
      `not yet published: ${outbox.service} ${outbox.collection}, ${outbox.commits} commits`,
    );
  for (const model of findings.readModels) {
    lines.push(
      `read model differs: ${model.service} ${model.collection}, ${model.differences} aggregates`,
    );
    for (const example of model.examples) {
      const versions =
        example.kind === 'stale'
          ? ` (events reach v${example.storeVersion}, the document v${example.readModelVersion})`
          : '';
      lines.push(`  ${example.kind}: ${example.aggregateId}${versions}`);
    }
  }
  if (findings.projected.differences > 0)
    lines.push(
      `read models behind another service's events: ${findings.projected.differences} events`,
    );
  for (const lag of findings.projected.examples) {
    const where = lag.readModelVersion === undefined ? 'no document' : `v${lag.readModelVersion}`;
    lines.push(
      `  ${lag.service} ${lag.collection}: ${lag.type} v${lag.eventVersion} of ${lag.aggregateId}, ${where}`,
    );
  }
  lines.push(findings.consistent ? 'consistent' : 'NOT consistent');
  return lines.join('\n');
}
