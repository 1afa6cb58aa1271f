import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { mongo } from 'mongoose';

import type { AuditRebuildPlan, AuditRebuildStatus } from '@coffer/contracts';
import { Lease } from '@coffer/event-sourcing';
import {
  type Kafka,
  type PartitionRange,
  type ReplayedMessage,
  topicRanges,
  TopicReplay,
} from '@coffer/messaging';
import { type Logger, ServiceError } from '@coffer/service-kit';

import { AuditProjection, TRAIL_COLLECTIONS } from '../trail/audit-projection';
import { type LiveTrail, POINTER_REFRESH_MS } from '../trail/live-trail';
import type { OperatorActions } from './operator-actions';
import { ReplayBatch } from './replay-batch';

type Progress = Omit<AuditRebuildStatus, 'history'> & { _id: 'audit-rebuild'; owner?: string };

const COLLECTIONS: string[] = [...TRAIL_COLLECTIONS];
/** What the first pass over identity's events is for: who is who (the entries come in the second). */
const PEOPLE_EVENTS = new Set(['identity.administrator.created', 'identity.user.created']);
const LEASE_MS = 60_000;
/** A rebuild reading nothing new for this long has lost its way (a broker gone for good). */
const STALL_TIMEOUT_MS = 10 * 60_000;

/**
 * `npm run ops -- projections rebuild audit`: a fresh copy of the audit trail, built from the
 * beginning of every audited topic into collections of its own while the live copy keeps
 * serving; when it has caught up, reads and the live consumer switch to it with one pointer
 * update, it catches up once more (events the live consumer wrote to the old copy while
 * replicas noticed the switch), and the old copy is dropped. One rebuild at a time (a lease);
 * a rebuild cut short never switched, and its leftovers are dropped by the next one.
 */
export class TrailRebuild {
  private readonly progress: mongo.Collection<Progress>;
  private readonly owner = randomUUID();

  constructor(
    private readonly db: mongo.Db,
    private readonly kafka: Kafka,
    private readonly topics: string[],
    /** `identity.events`: where people are created. */
    private readonly peopleTopic: string,
    private readonly groupPrefix: string,
    private readonly live: LiveTrail,
    private readonly operatorActions: OperatorActions,
    private readonly log: Logger,
  ) {
    this.progress = db.collection<Progress>('projection_pointers');
  }

  async plan(): Promise<AuditRebuildPlan> {
    const ranges = await topicRanges(this.kafka, this.topics);
    return {
      projections: [{ name: 'audit-trail', collections: COLLECTIONS }],
      topics: this.topics,
      events: countOf(ranges),
    };
  }

  /** Starts a rebuild in the background; while one runs, says so instead of starting another. */
  async start(): Promise<AuditRebuildStatus> {
    const lease = new Lease(this.db, 'audit-rebuild', this.owner, LEASE_MS);
    if (!(await lease.acquire())) {
      throw new ServiceError('rebuild-running');
    }
    const into = `_r${Date.now().toString(36)}`;
    await this.begin();
    await this.operatorActions.record('rebuild-started', 'audit-trail', { into });
    const switched = { done: false };
    void this.run(into, lease, switched).catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error({ err: error }, 'audit trail rebuild failed');
      // Before the switch the copy is nobody's; after it, it is live and stays (run it again).
      if (!switched.done) await this.dropCopy(into).catch(() => undefined);
      await this.operatorActions.record('rebuild-aborted', 'audit-trail', { into, error: message });
      await lease.release().catch(() => undefined);
      await this.save({ state: 'failed', error: message, finishedAt: new Date().toISOString() });
    });
    return this.status();
  }

  async status(): Promise<AuditRebuildStatus> {
    const saved = await this.progress.findOne({ _id: 'audit-rebuild' });
    const history = (await this.operatorActions.latest(10)).map((action) => ({
      at: action.at.toISOString(),
      action: action.action,
      details: action.details,
    }));
    if (!saved) return { state: 'idle', read: 0, total: 0, history };
    const { _id, owner: _owner, ...status } = saved;
    return { ...status, history };
  }

  private async run(into: string, lease: Lease, switched: { done: boolean }): Promise<void> {
    await this.dropLeftovers();
    const copy = new ReplayBatch(new AuditProjection(this.db, into));
    const peopleRanges = await topicRanges(this.kafka, [this.peopleTopic]);
    const ranges = await topicRanges(this.kafka, this.topics);
    const total = countOf(peopleRanges) + countOf(ranges);
    const started = Date.now();
    let read = 0;
    const apply = async (message: ReplayedMessage) => {
      // Malformed messages were dead-lettered by the live consumer; the copy skips them too.
      await copy.add(message);
      read += 1;
    };
    const learn = async (message: ReplayedMessage) => {
      const person = message.event && PEOPLE_EVENTS.has(message.event.type);
      await copy.add(person ? message : { ...message, event: undefined });
      read += 1;
    };
    const replaying = (): Partial<Progress> => {
      const seconds = (Date.now() - started) / 1000;
      const rate = read / Math.max(seconds, 0.001);
      return {
        phase: 'replaying',
        read,
        total,
        etaSeconds: rate > 0 ? Math.round(Math.max(total - read, 0) / rate) : undefined,
      };
    };
    // Who is who first: identity's events name the people every other event refers to, and a
    // consumer reads the partitions of different topics in no particular order. (Read again
    // below with the rest: a segment never holds an event twice, so that adds nothing.)
    const people = new TopicReplay(this.kafka, [this.peopleTopic], this.groupPrefix, learn);
    copy.follow(peopleRanges);
    await people.start();
    try {
      await this.follow(people, peopleRanges, lease, replaying, copy);
    } finally {
      await people.stop();
    }
    const replay = new TopicReplay(this.kafka, this.topics, this.groupPrefix, apply);
    copy.follow(ranges);
    await replay.start();
    try {
      await this.follow(replay, ranges, lease, replaying, copy);
      const previous = await this.live.liveSuffix();
      await this.save({ phase: 'switching', read, total });
      await this.live.switchTo(into);
      switched.done = true;
      await this.operatorActions.record('rebuild-switched', 'audit-trail', { into, read });
      // Until every replica has seen the switch, the live consumer may still write to the old
      // copy; whatever it wrote is in the topics below the offsets read after this wait.
      await sleep(POINTER_REFRESH_MS * 3);
      const tail = await topicRanges(this.kafka, this.topics);
      copy.follow(tail);
      await this.follow(replay, tail, lease, () => ({ phase: 'catching-up', read, total }), copy);
      await this.save({ phase: 'cleaning-up', read, total });
      await this.dropCopy(previous);
    } finally {
      await replay.stop();
    }
    await this.operatorActions.record('rebuild-completed', 'audit-trail', {
      into,
      read,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    // The lease goes before the state says so: whoever sees "completed" can start the next one.
    await lease.release();
    await this.save({ state: 'completed', read, total, finishedAt: new Date().toISOString() });
  }

  /** Waits until the replay has read `ranges` and applied it, saving progress and keeping the lease. */
  private async follow(
    replay: TopicReplay,
    ranges: PartitionRange[],
    lease: Lease,
    progress: () => Partial<Progress>,
    copy: ReplayBatch,
  ): Promise<void> {
    let lastRead = -1;
    let lastMovedAt = Date.now();
    while (!replay.reached(ranges)) {
      await sleep(500);
      const now = progress();
      if (now.read !== lastRead) {
        lastRead = now.read ?? 0;
        lastMovedAt = Date.now();
      } else if (Date.now() - lastMovedAt > STALL_TIMEOUT_MS) {
        throw new Error('the replay stopped reading events');
      }
      if (!(await lease.acquire())) throw new Error('lost the rebuild lease to another replica');
      await this.save(now);
    }
    await copy.flush();
  }

  private async dropLeftovers(): Promise<void> {
    const live = await this.live.liveSuffix();
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray()).map(
      (c) => c.name,
    );
    for (const name of names) {
      const match = /^audit_(segments|claims|summaries|people)(_r[0-9a-z]+)$/.exec(name);
      if (match && match[2] !== live) await this.db.dropCollection(name).catch(() => undefined);
    }
  }

  private async dropCopy(suffix: string): Promise<void> {
    for (const base of COLLECTIONS)
      await this.db.dropCollection(`${base}${suffix}`).catch(() => undefined);
  }

  private async save(fields: Partial<Progress>): Promise<void> {
    await this.progress.updateOne(
      { _id: 'audit-rebuild' },
      { $set: { ...fields, owner: this.owner } },
      { upsert: true },
    );
  }

  /** A new rebuild's progress replaces whatever the last one left. */
  private async begin(): Promise<void> {
    await this.progress.replaceOne(
      { _id: 'audit-rebuild' },
      {
        owner: this.owner,
        state: 'running',
        phase: 'replaying',
        read: 0,
        total: 0,
        startedAt: new Date().toISOString(),
      },
      { upsert: true },
    );
  }
}

function countOf(ranges: PartitionRange[]): number {
  return ranges.reduce((sum, range) => sum + Math.max(range.high - range.low, 0), 0);
}
