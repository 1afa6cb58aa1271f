import type { EventEnvelope } from '@coffer/contracts';

/** What a batch is applied to: the projection's own batch path. */
export interface BatchApplier {
  applyBatch(events: readonly EventEnvelope[]): Promise<void>;
}

/**
 * Gathers replayed events and applies them in batches, in the order they were read: a rebuild
 * reads millions of events, and one write per segment, day and month per batch instead of per
 * event is what makes it fast. Nothing is lost to a crash: a rebuild cut short never switched,
 * and the next one starts again from the beginning.
 */
export class ReplayBatch {
  private pending: EventEnvelope[] = [];
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly projection: BatchApplier,
    private readonly size: number,
  ) {}

  async add(event: EventEnvelope): Promise<void> {
    this.pending.push(event);
    if (this.pending.length >= this.size) await this.flush();
  }

  /** Applies whatever was gathered; resolves once everything added before has been applied. */
  flush(): Promise<void> {
    const events = this.pending;
    this.pending = [];
    this.applying = this.applying.then(() =>
      events.length > 0 ? this.projection.applyBatch(events) : undefined,
    );
    return this.applying;
  }
}
