import { mongo } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';

import type { AggregateRef, CommandContext, EventEnvelope, NewEvent } from '@coffer/contracts';

import type { Commit } from './commit';
import { commitId, readCommitChain } from './commit-chain';
import { ConcurrencyError } from './concurrency-error';
import { InlineProjections } from './inline-projections';
import { InsertBatcher } from './insert-batcher';
import { InvalidCursorError } from './invalid-cursor-error';
import { Outbox } from './outbox';
import { nextOutboxBatch, type OutboxBatch } from './outbox-batch';
import { UpcasterChain } from './upcasters';

const DUPLICATE_KEY = 11000;
/** FerretDB 1.24 answers an index option it lacks (partial indexes) with NotImplemented. */
const NOT_IMPLEMENTED = 238;
/**
 * A marker held longer than this before its commit is inserted is claimed again first, and a
 * commit whose insert took longer than this claims its marker again after it, so that a relay
 * (which drops markers whose commit has been missing for a minute) never leaves it unpublished.
 */
const MARKER_FRESH_MS = 5_000;
const ADOPT_PAGE = 200;

export interface AppendRequest {
  aggregate: Omit<AggregateRef, 'version'>;
  orgId: string;
  /** The version the command decided on; 0 for a new aggregate. */
  expectedVersion: number;
  events: NewEvent[];
  context: CommandContext;
}

/**
 * The commits of one service, one document per command, keyed `<aggregateId>:<first version>`,
 * and the outbox of those not yet on Kafka. Every hot path reads and writes by `_id` only.
 */
export class EventStore {
  readonly commits: mongo.Collection<Commit>;
  readonly outbox: Outbox;
  /** Whether each commit's inline read models hold it yet; the relay settles batches with it. */
  readonly inlineProjections = new InlineProjections();
  /** Concurrent appends share insert commands, markers and commits alike. */
  private readonly inserts: InsertBatcher<Commit>;

  private readonly markerFreshMs: number;

  constructor(
    db: mongo.Db,
    private readonly upcasters = new UpcasterChain(),
    collectionName = 'events',
    /** See MARKER_FRESH_MS; tests shorten it. */
    { markerFreshMs = MARKER_FRESH_MS }: { markerFreshMs?: number } = {},
  ) {
    this.markerFreshMs = markerFreshMs;
    this.commits = db.collection<Commit>(collectionName);
    this.outbox = new Outbox(db, `${collectionName}_outbox`);
    this.inserts = new InsertBatcher(this.commits);
  }

  /**
   * Indexes for MongoDB that serve the queries not by `_id` (the embedded engines scan for them);
   * none of them is on a command's or the relay's hot path.
   */
  async ensureIndexes(): Promise<void> {
    // `checkReadModel` (ops check): `aggregateId: { $in }` over the commits of a page of documents,
    // projected to `lastVersion` (covered). Not unique: the `_id` already refuses a second commit
    // at one version, and a unique index cost mongo-java-server ~30 % of its insert rate
    // (median 454 against 652 inserts/s without; non-unique ones 603), where it serves nothing.
    await this.commits.createIndex({ aggregateId: 1, lastVersion: 1 });
    // `readPage`: the range on (committedAt, _id) and the sort on the same keys.
    await this.commits.createIndex({ committedAt: 1, _id: 1 });
    // `adoptLegacyCommits`: only commits stored as unpublished before the outbox existed.
    await this.commits
      .createIndex(
        { publishedAt: 1 },
        { name: 'legacy_unpublished', partialFilterExpression: { publishedAt: { $type: 'null' } } },
      )
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== NOT_IMPLEMENTED) throw error;
      });
    await this.outbox.ensureIndexes();
  }

  /**
   * Appends all events of one command atomically, or throws ConcurrencyError. The outbox marker
   * is written first: a crash before the commit leaves a marker without commit, which the relay
   * drops, never a commit without marker, which nobody would publish. Two writers of one version
   * share one marker (the second claims it) and one of them wins the commit's `_id`.
   */
  async append(request: AppendRequest): Promise<EventEnvelope[]> {
    if (request.events.length === 0) return [];
    const { aggregate, orgId, expectedVersion, context } = request;
    const committedAt = new Date();
    const envelopes = request.events.map((event, index): EventEnvelope => ({
      id: uuidv7(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      orgId,
      aggregate: { ...aggregate, version: expectedVersion + index + 1 },
      occurredAt: committedAt.toISOString(),
      actor: context.actor,
      correlationId: context.correlationId,
      ...(context.causationId ? { causationId: context.causationId } : {}),
      payload: event.payload,
    }));
    const firstVersion = expectedVersion + 1;
    const _id = commitId(aggregate.id, firstVersion);
    let heldAt = Date.now();
    let held = await this.outbox.hold(_id, aggregate.id, firstVersion);
    if (Date.now() - heldAt > this.markerFreshMs) {
      // Claimed again, so a relay that has been watching it for a while starts its watch anew.
      heldAt = Date.now();
      held = { ...(await this.outbox.hold(_id, aggregate.id, firstVersion)), created: false };
    }
    try {
      await this.inserts.insert({
        _id,
        aggregateId: aggregate.id,
        aggregateType: aggregate.type,
        orgId,
        version: firstVersion,
        lastVersion: expectedVersion + envelopes.length,
        committedAt,
        events: envelopes,
      });
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        await this.outbox.release(held).catch(() => undefined);
        throw new ConcurrencyError(aggregate.id, expectedVersion);
      }
      // Whether the commit was stored is unknown: the marker stays, and the relay finds out.
      throw error;
    }
    if (Date.now() - heldAt > this.markerFreshMs) {
      // A slow insert: a relay may have judged the marker an orphan meanwhile and dropped it.
      // Held again now that the commit exists, it is published (at worst twice: consumers are
      // idempotent), never left behind.
      await this.outbox.hold(_id, aggregate.id, firstVersion);
    }
    return envelopes;
  }

  /** One commit's events, upcast to current schemas. */
  eventsOf(commit: Commit): EventEnvelope[] {
    return commit.events.map((event) => this.upcasters.apply(event));
  }

  /** Every event of one aggregate in version order, upcast to current schemas. */
  async readStream(aggregateId: string): Promise<EventEnvelope[]> {
    const commits = await readCommitChain(this.commits, aggregateId);
    return commits.flatMap((commit) => this.eventsOf(commit));
  }

  /** Every event of the store in commit order, in pages so memory stays bounded. */
  async *readAll(pageSize = 1_000): AsyncGenerator<EventEnvelope> {
    let after: string | undefined;
    do {
      const page = await this.readPage(after, pageSize);
      yield* page.events;
      after = page.next;
    } while (after);
  }

  /**
   * One page of at most `limit` commits in commit order, from the cursor the previous page
   * returned; `next` is absent on the last page. For operators (ops check), not a hot path:
   * MongoDB walks the `{ committedAt, _id }` index; the embedded engines scan and sort the whole
   * collection on their side for every page (mongo-java-server: ~0.3–0.6 s per page at 20,000
   * commits; FerretDB: ~4 s), and this process holds one page at a time.
   */
  async readPage(
    after: string | undefined,
    limit: number,
  ): Promise<{ events: EventEnvelope[]; next?: string }> {
    const position = after ? decodePosition(after) : undefined;
    const filter: mongo.Filter<Commit> = position
      ? {
          $or: [
            { committedAt: { $gt: position.committedAt } },
            { committedAt: position.committedAt, _id: { $gt: position.id } },
          ],
        }
      : {};
    const page = await this.commits
      .find(filter)
      .sort({ committedAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    const events = page.flatMap((commit) =>
      commit.events.map((event) => this.upcasters.apply(event)),
    );
    if (page.length < limit) return { events };
    const last = page[page.length - 1];
    return { events, next: encodePosition({ committedAt: last.committedAt, id: last._id }) };
  }

  /**
   * How many events the store holds (each commit holds versions `version`…`lastVersion`). For
   * ops check: one pass over the collection with a cursor, two numbers per commit.
   */
  async countEvents(): Promise<number> {
    let events = 0;
    const commits = this.commits
      .find({})
      .project<{ version: number; lastVersion: number }>({ version: 1, lastVersion: 1 });
    for await (const commit of commits) events += commit.lastVersion - commit.version + 1;
    return events;
  }

  /** The next commits to publish, in order: see `nextOutboxBatch`. */
  async unpublished(limit: number): Promise<OutboxBatch> {
    return nextOutboxBatch(this.outbox, this.commits, limit);
  }

  /** After Kafka acknowledged a batch: its markers go, by `_id`, in one statement. */
  async markPublished(markerIds: string[]): Promise<void> {
    await this.outbox.remove(markerIds);
  }

  /** Markers pending: commits not yet acknowledged by Kafka (and orphans not yet dropped). */
  async countUnpublished(): Promise<number> {
    return this.outbox.count();
  }

  /**
   * Commits stored as unpublished (`publishedAt: null`) by the version before the outbox get a
   * marker, then lose the field: run by the relay before its first batch, so they leave before
   * any later commit of their aggregates. Idempotent, and safe to interrupt: a commit keeps the
   * field until its marker exists.
   */
  async adoptLegacyCommits(): Promise<number> {
    let adopted = 0;
    for (;;) {
      const legacy = await this.commits
        .find({ publishedAt: { $type: 'null' } })
        .project<Pick<Commit, '_id' | 'aggregateId' | 'version'>>({ aggregateId: 1, version: 1 })
        .limit(ADOPT_PAGE)
        .toArray();
      if (legacy.length === 0) return adopted;
      for (const commit of legacy) {
        await this.outbox.hold(commit._id, commit.aggregateId, commit.version);
      }
      await this.commits.updateMany(
        { _id: { $in: legacy.map((commit) => commit._id) } },
        { $unset: { publishedAt: '' } },
      );
      adopted += legacy.length;
    }
  }
}

interface Position {
  committedAt: Date;
  id: string;
}

function encodePosition(position: Position): string {
  return Buffer.from(
    JSON.stringify([position.committedAt.toISOString(), position.id]),
    'utf8',
  ).toString('base64url');
}

/** A cursor from a caller: anything that does not decode is refused, never half-used. */
function decodePosition(cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [committedAt, id] = parsed as unknown[];
  if (typeof committedAt !== 'string' || typeof id !== 'string' || isNaN(Date.parse(committedAt)))
    throw new InvalidCursorError();
  return { committedAt: new Date(committedAt), id };
}
