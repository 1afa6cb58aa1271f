import type { EventEnvelope } from '@coffer/contracts';
import type { PartitionRange, ReplayedMessage } from '@coffer/messaging';

/** What a batch is applied to: the projection's own batch path. */
export interface BatchApplier {
  applyBatch(events: readonly EventEnvelope[]): Promise<void>;
}

/** Applied at once when the replay is past them (fewer: more writes per hour; more: longer waits). */
const BATCH = 10_000;
/** Held at most before the oldest are applied anyway (a partition far behind the others). */
const MAX_HELD = 60_000;
/** Events added between two looks at what is ready (a look reads everything held). */
const LOOK_EVERY = 2_000;

/**
 * Gathers replayed events and applies them in batches of whole hours. The topics' partitions
 * are read side by side, each in time order but at its own pace, so events are held until every
 * partition still being read is past their time: then each hour of the trail is written about
 * once, instead of once per partition batch that touches it. Applying runs beside the reading
 * (the replay's handler must not stall the consumer's heartbeats for long); the handler waits
 * only when too much is held. Nothing is lost to a crash: a rebuild cut short never switched,
 * and the next one starts again from the beginning.
 */
export class ReplayBatch {
  private held: EventEnvelope[] = [];
  private applying?: Promise<void>;
  private failure?: unknown;
  /** Per partition being read: the time of its last event and whether it has been read through. */
  private readonly partitions = new Map<string, { at: number; done: boolean }>();
  private ranges = new Map<string, PartitionRange>();
  private sinceLook = 0;

  constructor(private readonly projection: BatchApplier) {}

  /** The partitions the replay reads next, up to their high offsets. */
  follow(ranges: PartitionRange[]): void {
    this.partitions.clear();
    for (const range of ranges) {
      if (range.high > range.low)
        this.partitions.set(`${range.topic}:${range.partition}`, { at: -Infinity, done: false });
    }
    this.ranges = new Map(ranges.map((range) => [`${range.topic}:${range.partition}`, range]));
  }

  async add(message: ReplayedMessage): Promise<void> {
    if (this.failure) throw this.failure;
    const key = `${message.topic}:${message.partition}`;
    const partition = this.partitions.get(key);
    if (partition) {
      if (message.event)
        partition.at = Math.max(partition.at, Date.parse(message.event.occurredAt));
      partition.done = Number(message.offset) + 1 >= (this.ranges.get(key)?.high ?? Infinity);
    }
    if (message.event) this.held.push(message.event);
    this.sinceLook += 1;
    if (this.held.length >= BATCH && !this.applying && this.sinceLook >= LOOK_EVERY) {
      this.sinceLook = 0;
      this.startApplying(this.readyEvents());
    }
    if (this.held.length >= MAX_HELD) {
      await this.applying;
      if (this.held.length >= MAX_HELD && !this.applying) this.startApplying(this.oldestEvents());
    }
  }

  /** Applies whatever is held; resolves once everything added before has been applied. */
  async flush(): Promise<void> {
    while (this.applying) await this.applying;
    if (this.failure) throw this.failure;
    const events = this.held;
    this.held = [];
    if (events.length > 0) await this.projection.applyBatch(events);
  }

  /** Held events older than the newest time every partition still being read has reached. */
  private readyEvents(): EventEnvelope[] {
    let watermark = Infinity;
    for (const partition of this.partitions.values())
      if (!partition.done) watermark = Math.min(watermark, partition.at);
    const ready = this.held.filter((event) => Date.parse(event.occurredAt) < watermark);
    if (ready.length < BATCH / 2) return [];
    this.held = this.held.filter((event) => Date.parse(event.occurredAt) >= watermark);
    return ready;
  }

  private oldestEvents(): EventEnvelope[] {
    const sorted = [...this.held].sort(
      (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt),
    );
    this.held = sorted.slice(BATCH);
    return sorted.slice(0, BATCH);
  }

  private startApplying(events: EventEnvelope[]): void {
    if (events.length === 0) return;
    this.applying = this.projection
      .applyBatch(events)
      .catch((error: unknown) => {
        this.failure = error;
      })
      .finally(() => {
        this.applying = undefined;
      });
  }
}
