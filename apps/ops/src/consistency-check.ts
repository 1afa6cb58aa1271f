import { setTimeout as sleep } from 'node:timers/promises';

import { BACKEND_SERVICE_NAMES, type CofferConfig } from '@coffer/config';
import {
  AuditPatterns,
  consistencyPattern,
  eventsPagePattern,
  type AuditCompareResult,
  type AuditEntryCount,
  type EventsPage,
  type ReadModelReport,
  type ServiceConsistency,
} from '@coffer/contracts';

import { ServiceClient } from './service-client';

const PAGE_COMMITS = 500;
const EXAMPLES = 20;

/** What `ops check` found: every list empty and every count equal means consistent. */
export interface ConsistencyFindings {
  consistent: boolean;
  services: ServiceConsistency[];
  /** Read models that disagree with their service's events. */
  readModels: (ReadModelReport & { service: string })[];
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
 * service's read models. Services compare their own read models (only they know them); the
 * trail is compared a page of stored events at a time, so memory stays bounded.
 */
export async function checkConsistency(config: CofferConfig): Promise<ConsistencyFindings> {
  const clients = new Map(
    BACKEND_SERVICE_NAMES.map((service) => [service, new ServiceClient(config, service)]),
  );
  try {
    const services: ServiceConsistency[] = [];
    for (const [service, client] of clients) {
      services.push(
        await client.send<ServiceConsistency>(consistencyPattern(service), {}, 300_000),
      );
    }
    const audit = clients.get('audit');
    if (!audit) throw new Error('the audit service is not configured');
    const trail = {
      audited: 0,
      missing: 0,
      missingExamples: [] as { service: string; id: string; type: string }[],
    };
    for (const consistency of services) {
      const client = clients.get(consistency.service as (typeof BACKEND_SERVICE_NAMES)[number]);
      if (!client) continue;
      for (const store of consistency.stores) {
        let after: string | undefined;
        do {
          const page = await client.send<EventsPage>(
            eventsPagePattern(consistency.service),
            { collection: store.collection, after, limit: PAGE_COMMITS },
            60_000,
          );
          if (page.events.length > 0) {
            const compared = await audit.send<AuditCompareResult>(
              AuditPatterns.compareEvents,
              { events: page.events },
              60_000,
            );
            trail.audited += compared.audited;
            trail.missing += compared.missing.length;
            for (const event of compared.missing.slice(0, EXAMPLES - trail.missingExamples.length))
              trail.missingExamples.push({ service: consistency.service, ...event });
          }
          after = page.next;
        } while (after);
      }
    }
    const { entries } = await audit.send<AuditEntryCount>(AuditPatterns.countEntries, {}, 60_000);
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
        unpublished.length === 0 &&
        trail.missing === 0 &&
        unexplained === 0,
      services,
      readModels,
      unpublished,
      auditTrail: { ...trail, entries, unexplained },
    };
  } finally {
    await Promise.all([...clients.values()].map((client) => client.close()));
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
  lines.push(findings.consistent ? 'consistent' : 'NOT consistent');
  return lines.join('\n');
}
