import mongoose, { type Connection, type mongo } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import type { AuditTrailPage, AuditTrailQuery, EventEnvelope } from '@coffer/contracts';
import { testEnvironment } from '@coffer/testing';

import type { AuditEntryDocument } from '../src/trail/audit-entry';
import { AuditProjection } from '../src/trail/audit-projection';
import { getAuditEntry, queryAuditTrail } from '../src/trail/audit-trail-query';
import { CLOUD_ADMINISTRATOR_ONLY_ACTIVITY } from '../src/trail/audit-visibility';
import { describeEvent } from '../src/trail/describe-event';
import { SegmentAppender } from '../src/trail/segment-appender';
import { entryKey, MAX_SEGMENT_ENTRIES, segmentId } from '../src/trail/trail-buckets';
import { compareWithTrail, countEntries } from '../src/trail/trail-consistency';
import { laneOf } from '../src/trail/trail-lanes';
import {
  administratorId,
  peopleEvents,
  syntheticEvent,
  type SyntheticTrail,
} from './synthetic-trail';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The bucketed trail against the real database engine: every filter paged newest first with
 * the total its counts give equal to the entries it pages through, an hour split into bounded
 * segments, events applied twice or by two writers at once adding nothing, applies a crash cut
 * short completed by the redelivery, cursors stable while entries arrive, and `ops check`'s
 * comparison noticing an entry gone from its segment.
 */
describe('audit trail store', () => {
  const { config } = testEnvironment('audit-store');
  let connection: Connection;
  let db: mongo.Db;
  let projection: AuditProjection;

  const spread: SyntheticTrail = {
    orgId: 'org-wayne',
    administrators: 3,
    users: 4,
    // Across a month's end, so months, days and hours all take part.
    start: new Date('2026-03-30T20:00:00.000Z'),
    spanMs: 3 * DAY_MS,
    count: 500,
  };
  const crowdedHour = new Date('2026-04-01T10:00:00.000Z');
  const crowded: SyntheticTrail = {
    ...spread,
    series: 'crowded',
    start: crowdedHour,
    spanMs: HOUR_MS,
    // More than a segment's worth in the user trail's lane (a quarter of the events) and in
    // each administrator's lane.
    count: 5 * MAX_SEGMENT_ENTRIES,
  };
  const other: SyntheticTrail = { ...spread, orgId: 'org-stark', count: 40 };
  const admin0 = administratorId(spread, 0);
  const admin1 = administratorId(spread, 1);

  const eventsOf = (trail: SyntheticTrail, from = 0, to = trail.count) =>
    Array.from({ length: to - from }, (_, index) => syntheticEvent(trail, from + index));

  const page = (query: Partial<AuditTrailQuery>) =>
    queryAuditTrail(projection, {
      orgId: spread.orgId,
      viewerRole: 'cloud-administrator',
      ...query,
    });

  /** Every entry of a listing, following its cursor; checks the total is the same on every page. */
  async function allPages(query: Partial<AuditTrailQuery>, limit: number) {
    const entries: AuditTrailPage['entries'] = [];
    const totals = new Set<number>();
    let cursor: string | undefined;
    do {
      const next: AuditTrailPage = await page({ ...query, limit, cursor });
      entries.push(...next.entries);
      totals.add(next.total);
      cursor = next.nextCursor ?? undefined;
    } while (cursor);
    expect(totals.size).toBe(1);
    return { ids: entries.map((entry) => entry.id), total: [...totals][0] };
  }

  /** What the query should give, worked out plainly from the entries stored by event id. */
  async function expected(query: Partial<AuditTrailQuery>): Promise<string[]> {
    const all = (
      await projection.segments.find({ orgId: query.orgId ?? spread.orgId }).toArray()
    ).flatMap((segment) => Object.values(segment.entries));
    const text = query.q?.toLowerCase();
    return all
      .filter(
        (entry) =>
          (query.viewerRole !== 'product-administrator' ||
            !CLOUD_ADMINISTRATOR_ONLY_ACTIVITY.includes(entry.activityType)) &&
          (!query.trail || entry.trail === query.trail) &&
          (!query.activityType || entry.activityType === query.activityType) &&
          (!query.administratorId ||
            (entry.actor.id === query.administratorId &&
              ['administrator', 'api-token'].includes(entry.actor.type))) &&
          (!query.from || entry.occurredAt >= new Date(query.from)) &&
          (!query.to || entry.occurredAt < new Date(query.to)) &&
          (!text ||
            [entry.description, entry.actor.email, entry.target?.label].some((field) =>
              field?.toLowerCase().includes(text),
            )),
      )
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a._id < b._id ? 1 : -1))
      .map((entry) => entry._id);
  }

  /** Everything the trail stores, to compare before and after. */
  async function snapshot() {
    const sorted = async (collection: mongo.Collection<{ _id: string }>) =>
      (await collection.find({}).toArray()).sort((a, b) => (a._id < b._id ? -1 : 1));
    return {
      segments: await sorted(projection.segments as unknown as mongo.Collection<{ _id: string }>),
      summaries: await sorted(
        projection.summaries.summaries as unknown as mongo.Collection<{ _id: string }>,
      ),
    };
  }

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'audit')).asPromise();
    db = connection.db as unknown as mongo.Db;
    projection = new AuditProjection(db);
    await projection.applyBatch([...peopleEvents(spread), ...peopleEvents(other)]);
    const events = [...eventsOf(spread), ...eventsOf(crowded), ...eventsOf(other)];
    for (let offset = 0; offset < events.length; offset += 250)
      await projection.applyBatch(events.slice(offset, offset + 250));
    // The live path: one event at a time.
    for (const event of eventsOf(spread, spread.count, spread.count + 5))
      await projection.apply(event);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await connection?.close();
  });

  it('pages every filter newest first, with the total its counts give on every page', async () => {
    const day = new Date('2026-03-31T00:00:00.000Z');
    const queries: Partial<AuditTrailQuery>[] = [
      {},
      { trail: 'user' },
      {
        activityType: 'sign-in',
        administratorId: admin0,
        from: day.toISOString(),
        to: new Date(day.getTime() + DAY_MS).toISOString(),
      },
      { administratorId: admin1, activityType: 'api-tokens' },
      // Edges inside hours: the counts of those two hours cannot answer alone.
      { from: '2026-03-31T05:17:03.500Z', to: '2026-04-01T10:41:00.000Z', trail: 'admin' },
      { from: '2026-04-01T00:00:00.000Z' },
      { to: '2026-03-31T00:00:00.000Z' },
      { q: 'PROFILE 1', from: day.toISOString() },
      { q: 'user2@' },
      { viewerRole: 'product-administrator' },
      { activityType: 'sso-settings' },
      { from: '2027-01-01T00:00:00.000Z' },
    ];
    for (const query of queries) {
      const want = await expected(query);
      const got = await allPages(query, 37);
      expect({ query, ids: got.ids, total: got.total }).toEqual({
        query,
        ids: want,
        total: want.length,
      });
    }
    const first = await page({ limit: 500 });
    // The people's own creation is audited too (on the system trail).
    expect(first.total).toBe(peopleEvents(spread).length + spread.count + crowded.count + 5);
    expect(first.entries.every((entry) => entry.orgId === spread.orgId)).toBe(true);
    expect((await page({ orgId: other.orgId })).total).toBe(
      peopleEvents(other).length + other.count,
    );
    expect((await page({ orgId: 'org-nobody' })).entries).toEqual([]);
  });

  it('splits a crowded hour into numbered segments, none past its bound', async () => {
    // The user trail's one lane (users act for themselves) holds a quarter of the crowded hour.
    const segments = await projection.segments
      .find({
        _id: {
          $in: [0, 1, 2].map((n) => segmentId(spread.orgId, { trail: 'user' }, crowdedHour, n)),
        },
      })
      .toArray();
    expect(segments.length).toBeGreaterThanOrEqual(2);
    const held = segments.map((segment) => Object.keys(segment.entries).length);
    for (const n of held) expect(n).toBeLessThanOrEqual(MAX_SEGMENT_ENTRIES);
    const inHour = await expected({
      trail: 'user',
      from: crowdedHour.toISOString(),
      to: new Date(crowdedHour.getTime() + HOUR_MS).toISOString(),
    });
    expect(held.reduce((sum, n) => sum + n, 0)).toBe(inHour.length);
  });

  it('adds nothing when events are applied again, in a batch or one by one', async () => {
    const before = await snapshot();
    await projection.applyBatch(eventsOf(spread, 0, 200));
    for (const event of eventsOf(spread, 300, 305)) await projection.apply(event);
    // A fresh replica knows nothing of what this one remembers.
    await new AuditProjection(db).applyBatch(eventsOf(crowded));
    expect(await snapshot()).toEqual(before);
  });

  it('completes an apply that a crash cut short', async () => {
    const [cut] = eventsOf(spread, 900, 901);
    const total = async () => (await page({ limit: 1 })).total;
    const before = await total();
    // Cut after the segment was written, before the summaries: the counts do not show it yet.
    const entry = describeEvent(cut, new Map()) as AuditEntryDocument;
    const hour = new Date(Math.floor(entry.occurredAt.getTime() / HOUR_MS) * HOUR_MS);
    await new SegmentAppender(projection.segments, projection.claims).append(
      entry.orgId,
      laneOf(entry),
      hour,
      [entry],
    );
    expect(await total()).toBe(before);

    // The redelivery finds it held and carries the counts up.
    await projection.apply(cut);
    expect(await total()).toBe(before + 1);
    const ids = (await allPages({}, 500)).ids;
    expect(ids.filter((id) => id === cut.id)).toEqual([cut.id]);
  });

  // Regression: under load an administrator's action was projected before the event that
  // created the administrator (another partition), and its entry kept no actor name for good.
  it("names an entry's actor learnt only after the entry was written", async () => {
    const late: SyntheticTrail = { ...spread, orgId: 'org-late', administrators: 1, count: 30 };
    await projection.applyBatch(eventsOf(late));
    await projection.applyBatch(peopleEvents(late));

    const listing = await page({ orgId: late.orgId, limit: 100 });
    const byAdministrators = listing.entries.filter(
      (entry) => entry.actor.id === administratorId(late, 0),
    );
    expect(byAdministrators.length).toBeGreaterThan(0);
    for (const entry of byAdministrators) expect(entry.actor.name).toBe('administrator 0');
    const one = await getAuditEntry(projection, {
      orgId: late.orgId,
      entryId: byAdministrators[0].id,
      viewerRole: 'cloud-administrator',
    });
    expect(one.actor.name).toBe('administrator 0');
  });

  it('finds one entry by its event id, only within its organisation', async () => {
    const [event] = eventsOf(spread, 42, 43);
    const entry = await getAuditEntry(projection, {
      orgId: spread.orgId,
      viewerRole: 'cloud-administrator',
      entryId: event.id,
    });
    expect(entry).toMatchObject({
      id: event.id,
      orgId: spread.orgId,
      occurredAt: event.occurredAt,
    });
    for (const request of [
      { orgId: other.orgId, entryId: event.id },
      { orgId: spread.orgId, entryId: 'not-an-event-id' },
      { orgId: spread.orgId, entryId: syntheticEvent(spread, 99_999).id },
    ]) {
      await expect(
        getAuditEntry(projection, { ...request, viewerRole: 'cloud-administrator' }),
      ).rejects.toMatchObject({ code: 'audit-entry-not-found' });
    }
  });

  it('stays exact when two writers apply the same events at once', async () => {
    const racing: SyntheticTrail = {
      ...spread,
      orgId: 'org-race',
      count: 300,
      spanMs: 2 * HOUR_MS,
    };
    const events = eventsOf(racing);
    const one = new AuditProjection(db);
    const two = new AuditProjection(db);
    await Promise.all([
      (async () => {
        for (let offset = 0; offset < events.length; offset += 60)
          await one.applyBatch(events.slice(offset, offset + 60));
      })(),
      (async () => {
        for (let offset = 0; offset < events.length; offset += 45)
          await two.applyBatch(events.slice(offset, offset + 45).reverse());
      })(),
    ]);
    const listing = await allPages({ orgId: racing.orgId }, 500);
    expect(listing.total).toBe(racing.count);
    expect(new Set(listing.ids).size).toBe(racing.count);
    expect(listing.ids).toEqual(await expected({ orgId: racing.orgId }));
  });

  it('keeps a listing whole and in order while entries arrive between its pages', async () => {
    const arriving: SyntheticTrail = { ...spread, orgId: 'org-busy', count: 400 };
    const events = eventsOf(arriving);
    await projection.applyBatch(events.filter((_, index) => index % 2 === 0));
    const before = await expected({ orgId: arriving.orgId });
    const first = await page({ orgId: arriving.orgId, limit: 50 });
    // Newer and older entries arrive; the listing goes on where it was.
    await projection.applyBatch(events.filter((_, index) => index % 2 === 1));
    const ids = first.entries.map((entry) => entry.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const next: AuditTrailPage = await page({ orgId: arriving.orgId, limit: 50, cursor });
      expect(next.total).toBe(first.total);
      ids.push(...next.entries.map((entry) => entry.id));
      cursor = next.nextCursor;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => before.includes(id))).toEqual(before);
    const stored = (await projection.segments.find({ orgId: arriving.orgId }).toArray()).flatMap(
      (segment) => Object.values(segment.entries),
    );
    const at = new Map(stored.map((entry) => [entry._id, entry.occurredAt.getTime()]));
    const inOrder = ids.map((id) => at.get(id) ?? 0);
    expect([...inOrder].sort((a, b) => b - a)).toEqual(inOrder);
  });

  it('tells ops check of an entry gone from its segment, and of one that was never applied', async () => {
    const events: EventEnvelope[] = eventsOf(spread, 0, 30);
    expect(await compareWithTrail(projection, events)).toEqual({
      audited: 30,
      missing: [],
    });
    const held = await countEntries(projection);
    const gone = describeEvent(events[3], new Map()) as AuditEntryDocument;
    const claim = await projection.claims.findOne({ _id: gone._id });
    await projection.segments.updateOne(
      { _id: claim!.segment },
      { $unset: { [`entries.${entryKey(gone._id)}`]: '' } },
    );
    const never = syntheticEvent({ ...spread, orgId: 'org-unapplied' }, 1);
    expect(await compareWithTrail(projection, [...events, never])).toEqual({
      audited: 31,
      missing: [
        { id: gone._id, type: events[3].type },
        { id: never.id, type: never.type },
      ],
    });
    expect(await countEntries(projection)).toBe(held - 1);
  });
});
