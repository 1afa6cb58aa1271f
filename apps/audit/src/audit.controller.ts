import { Controller, Inject } from '@nestjs/common';

import { AuditMessages, type EventEnvelope, type ParsedRequestsOf } from '@coffer/contracts';
import { Handles } from '@coffer/service-kit';

import { TrailRebuild } from './rebuild/trail-rebuild';
import { getAuditEntry, queryAuditTrail } from './trail/audit-trail-query';
import { LiveTrail } from './trail/live-trail';
import { compareWithTrail, countEntries } from './trail/trail-consistency';

type Requests = ParsedRequestsOf<typeof AuditMessages>;

@Controller()
export class AuditController {
  constructor(
    @Inject(LiveTrail) private readonly live: LiveTrail,
    @Inject(TrailRebuild) private readonly rebuild: TrailRebuild,
  ) {}

  @Handles(AuditMessages.queryTrail)
  async queryTrail(query: Requests['queryTrail']) {
    return queryAuditTrail(await this.live.current(), query);
  }

  @Handles(AuditMessages.getEntry)
  async getEntry(request: Requests['getEntry']) {
    return getAuditEntry(await this.live.current(), request);
  }

  /** `--dry-run` says what a rebuild would read; otherwise a rebuild starts in the background. */
  @Handles(AuditMessages.rebuild)
  startRebuild({ dryRun }: Requests['rebuild']) {
    return dryRun ? this.rebuild.plan() : this.rebuild.start();
  }

  @Handles(AuditMessages.rebuildStatus)
  rebuildStatus() {
    return this.rebuild.status();
  }

  @Handles(AuditMessages.compareEvents)
  async compareEvents({ events }: Requests['compareEvents']) {
    // The schema checked each envelope; its payload stays `unknown` until a describer reads it.
    return compareWithTrail(await this.live.current(), events as EventEnvelope[]);
  }

  @Handles(AuditMessages.countEntries)
  async countEntries() {
    return { entries: await countEntries(await this.live.current()) };
  }
}
