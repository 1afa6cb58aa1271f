import type { mongo } from 'mongoose';

import type { Commit } from './commit';
import { markerId, type Outbox, type OutboxMarker } from './outbox';

/** What the relay may publish now, in order, and the markers whose commit is not there (yet). */
export interface OutboxBatch {
  commits: Commit[];
  /** The markers of those commits: delete them once Kafka has acknowledged. */
  markerIds: string[];
  /** Markers whose commit does not exist: a crash between marker and commit, or one in flight. */
  missing: OutboxMarker[];
  /** How many markers the batch read (published, missing or held back behind an earlier one). */
  read: number;
}

/**
 * The next commits to publish, from the first `limit` markers in `_id` order (each stream in
 * version order), fetched by `_id`. A commit is held back while an earlier commit of its stream
 * is still pending, so none goes out before its predecessor: whatever order an engine returns
 * markers in (mongo-java-server returns `_id` order, FerretDB insertion order), and whatever a
 * read of markers racing with appends missed. The second look at the outbox comes after the
 * commits were read, so it sees every marker written before any commit it got: an earlier
 * commit's marker is always written before the later commit exists.
 */
export async function nextOutboxBatch(
  outbox: Outbox,
  commits: mongo.Collection<Commit>,
  limit: number,
): Promise<OutboxBatch> {
  const markers = await outbox.pending(limit);
  const batch: OutboxBatch = { commits: [], markerIds: [], missing: [], read: markers.length };
  if (markers.length === 0) return batch;
  const found = new Map<string, Commit>();
  for (const commit of await commits
    .find({ _id: { $in: markers.map((marker) => marker.commitId) } })
    .batchSize(markers.length)
    .toArray()) {
    found.set(commit._id, commit);
  }

  // Pending markers of these streams that this read did not return: each holds back every
  // later commit of its stream.
  const read = new Set(markers.map((marker) => marker._id));
  const continuing = [
    ...new Set(markers.filter((marker) => marker.version > 1).map((marker) => marker.aggregateId)),
  ];
  const earliestUnread = new Map<string, number>();
  for (const pending of await outbox.pendingOf(continuing)) {
    if (read.has(markerId(pending.aggregateId, pending.version))) continue;
    const earliest = earliestUnread.get(pending.aggregateId) ?? Infinity;
    earliestUnread.set(pending.aggregateId, Math.min(earliest, pending.version));
  }

  const blocked = new Set<string>();
  for (const marker of markers) {
    if (blocked.has(marker.aggregateId)) continue;
    if (marker.version > (earliestUnread.get(marker.aggregateId) ?? Infinity)) {
      blocked.add(marker.aggregateId);
      continue;
    }
    const commit = found.get(marker.commitId);
    if (!commit) {
      // Nothing later of this stream may leave before it does.
      batch.missing.push(marker);
      blocked.add(marker.aggregateId);
      continue;
    }
    batch.commits.push(commit);
    batch.markerIds.push(marker._id);
  }
  return batch;
}
