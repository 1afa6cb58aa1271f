import { mongo } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';

import type { AggregateRef, CommandContext, EventEnvelope, NewEvent } from '@coffer/contracts';

import type { Commit } from './commit';
import { ConcurrencyError } from './concurrency-error';
import { InvalidCursorError } from './invalid-cursor-error';
import { UpcasterChain } from './upcasters';

const DUPLICATE_KEY = 11000;
const MARK_CHUNK = 50;

export interface AppendRequest {
  aggregate: Omit<AggregateRef, 'version'>;
  orgId: string;
  /** The version the command decided on; 0 for a new aggregate. */
  expectedVersion: number;
  events: NewEvent[];
  context: CommandContext;
}

export class EventStore {
  readonly commits: mongo.Collection<Commit>;

  constructor(
    db: mongo.Db,
    private readonly upcasters = new UpcasterChain(),
    collectionName = 'events',
  ) {
    this.commits = db.collection<Commit>(collectionName);
  }

  async ensureIndexes(): Promise<void> {
    await this.commits.createIndex({ aggregateId: 1, version: 1 }, { unique: true });
    await this.commits.createIndex({ publishedAt: 1, committedAt: 1 });
    await this.commits.createIndex({ committedAt: 1 });
  }

  /** Appends all events of one command atomically, or throws ConcurrencyError. */
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
    try {
      await this.commits.insertOne({
        _id: `${aggregate.id}:${firstVersion}`,
        aggregateId: aggregate.id,
        aggregateType: aggregate.type,
        orgId,
        version: firstVersion,
        lastVersion: expectedVersion + envelopes.length,
        committedAt,
        events: envelopes,
        publishedAt: null,
      });
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        throw new ConcurrencyError(aggregate.id, expectedVersion);
      }
      throw error;
    }
    return envelopes;
  }

  /** Every event of one aggregate in version order, upcast to current schemas. */
  async readStream(aggregateId: string): Promise<EventEnvelope[]> {
    const commits = await this.commits.find({ aggregateId }).sort({ version: 1 }).toArray();
    return commits.flatMap((commit) => commit.events.map((event) => this.upcasters.apply(event)));
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
   * returned; `next` is absent on the last page.
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

  /** How many events the store holds (each commit holds versions `version`…`lastVersion`). */
  async countEvents(): Promise<number> {
    let events = 0;
    const commits = this.commits
      .find({})
      .project<{ version: number; lastVersion: number }>({ version: 1, lastVersion: 1 });
    for await (const commit of commits) events += commit.lastVersion - commit.version + 1;
    return events;
  }

  /**
   * The oldest commits not yet on Kafka. No server-side sort: MongoDB walks the
   * `{ publishedAt, committedAt }` index in commit order, and FerretDB (which sorts nothing but
   * `$natural` on its side) returns rows in insertion order; either way a commit comes after
   * the earlier commits of its aggregate, because each was appended after loading those.
   * (Re-sorting by `committedAt` here would be wrong: clocks of two replicas may disagree.)
   */
  async unpublished(limit: number): Promise<Commit[]> {
    return this.commits.find({ publishedAt: null }).limit(limit).toArray();
  }

  /**
   * One update per commit, by `_id` (the only filter FerretDB's SQLite backend pushes down),
   * in bulk requests of at most MARK_CHUNK statements: FerretDB 1.24 keeps one connection per
   * statement of an update command until the command ends and has 100, so a larger request
   * deadlocks it.
   */
  async markPublished(commitIds: string[]): Promise<void> {
    const publishedAt = new Date();
    for (let start = 0; start < commitIds.length; start += MARK_CHUNK) {
      await this.commits.bulkWrite(
        commitIds
          .slice(start, start + MARK_CHUNK)
          .map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { publishedAt } } } })),
        { ordered: false },
      );
    }
  }

  async countUnpublished(): Promise<number> {
    return this.commits.countDocuments({ publishedAt: null });
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
