import type { mongo } from 'mongoose';

import type { ReadModelDifference, ReadModelReport } from '@coffer/contracts';

import type { EventStore } from './event-store';

/**
 * A read model with one document per aggregate in `collection`: `_id` = aggregate id, `version` =
 * the last event it reflects.
 */
export interface VersionedReadModel {
  aggregateType: string;
  collection: string;
}

const PAGE = 500;

/**
 * Compares a read model with the event store it is folded from, a page at a time so memory stays
 * bounded: every aggregate of the store has a document at its last version, and every document
 * has events. Only `_id` lookups (`$in`) touch the other side, the one filter FerretDB pushes down.
 */
export async function checkReadModel(
  db: mongo.Db,
  store: EventStore,
  readModel: VersionedReadModel,
  reportAtMost = 20,
): Promise<ReadModelReport> {
  const documents = db.collection<{ _id: string; version: number }>(readModel.collection);
  const report: ReadModelReport = {
    aggregateType: readModel.aggregateType,
    collection: readModel.collection,
    aggregates: 0,
    documents: 0,
    differences: 0,
    examples: [],
  };
  const note = (difference: ReadModelDifference) => {
    report.differences += 1;
    if (report.examples.length < reportAtMost) report.examples.push(difference);
  };

  // Every document against the last version its aggregate's events reach.
  let afterDocument: string | undefined;
  for (;;) {
    const page = await documents
      .find(afterDocument === undefined ? {} : { _id: { $gt: afterDocument } })
      .project<{ _id: string; version: number }>({ version: 1 })
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray();
    if (page.length === 0) break;
    report.documents += page.length;
    const lastVersions = await lastVersionsOf(
      store,
      page.map((document) => document._id),
    );
    for (const document of page) {
      const stored = lastVersions.get(document._id);
      if (stored === undefined) note({ aggregateId: document._id, kind: 'no-events' });
      else if (stored !== document.version)
        note({
          aggregateId: document._id,
          kind: 'stale',
          storeVersion: stored,
          readModelVersion: document.version,
        });
    }
    afterDocument = page[page.length - 1]._id;
  }

  // Every aggregate the store created (its commit at version 1) has a document.
  let afterCommit: string | undefined;
  for (;;) {
    const page = await store.commits
      .find({
        aggregateType: readModel.aggregateType,
        version: 1,
        ...(afterCommit === undefined ? {} : { _id: { $gt: afterCommit } }),
      })
      .project<{ _id: string; aggregateId: string; lastVersion: number }>({
        aggregateId: 1,
        lastVersion: 1,
      })
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray();
    if (page.length === 0) break;
    report.aggregates += page.length;
    const ids = page.map((commit) => commit.aggregateId);
    const present = new Set(
      (
        await documents
          .find({ _id: { $in: ids } })
          .project<{ _id: string }>({ _id: 1 })
          .toArray()
      ).map((document) => document._id),
    );
    for (const id of ids) {
      if (!present.has(id)) note({ aggregateId: id, kind: 'missing' });
    }
    afterCommit = page[page.length - 1]._id;
  }
  return report;
}

async function lastVersionsOf(store: EventStore, aggregateIds: string[]) {
  const commits = await store.commits
    .find({ aggregateId: { $in: aggregateIds } })
    // Covered by the `{ aggregateId, lastVersion }` index on MongoDB; a scan on the embedded engines.
    .project<{ aggregateId: string; lastVersion: number }>({
      _id: 0,
      aggregateId: 1,
      lastVersion: 1,
    })
    .toArray();
  const last = new Map<string, number>();
  for (const commit of commits) {
    last.set(commit.aggregateId, Math.max(last.get(commit.aggregateId) ?? 0, commit.lastVersion));
  }
  return last;
}
