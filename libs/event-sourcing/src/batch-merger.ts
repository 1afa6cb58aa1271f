import type { EventEnvelope } from '@coffer/contracts';

interface Waiting {
  events: readonly EventEnvelope[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Applies chunks of events to a batch projection one batch at a time. Chunks that arrive while a
 * batch is being applied (other partitions, consumed concurrently) wait and then go together as
 * one batch, each caller told when the batch holding its chunk is written. Nothing waits when
 * nothing is in flight.
 *
 * Why: a projection's writes cost per document, and a batch writes each document it touches
 * once (an audit summary, a checkpointed hour), so four partitions' chunks applied together
 * cost about what one costs. And one batch at a time means a newer state of a document is never
 * overwritten by an older one applied beside it in this process.
 */
export class BatchMerger {
  private waiting: Waiting[] = [];
  private applying = false;

  constructor(
    private readonly applyBatch: (events: readonly EventEnvelope[]) => Promise<void>,
    private readonly largestBatch = 1_000,
  ) {}

  apply(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.applyNext();
    });
  }

  private applyNext(): void {
    if (this.applying || this.waiting.length === 0) return;
    const taken: Waiting[] = [];
    let size = 0;
    // At least one chunk, however large; then whole chunks while they fit.
    while (
      this.waiting.length > 0 &&
      (taken.length === 0 || size + this.waiting[0].events.length <= this.largestBatch)
    ) {
      const next = this.waiting.shift()!;
      taken.push(next);
      size += next.events.length;
    }
    this.applying = true;
    void this.applyBatch(taken.flatMap((waiting) => waiting.events))
      .then(
        () => taken.forEach((waiting) => waiting.resolve()),
        (error: unknown) => taken.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        this.applying = false;
        this.applyNext();
      });
  }
}
