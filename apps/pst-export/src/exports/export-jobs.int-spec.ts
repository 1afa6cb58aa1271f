import { randomUUID } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { databaseUrl } from '@coffer/config';
import type { EventEnvelope, PstExportEvent, PstExportEventPayloads } from '@coffer/contracts';
import { expectRedeliveryChangesNothing, testEnvironment } from '@coffer/testing';

import { ExportJobs } from './export-jobs';

/** The export-job read model against the real database: what a command left, and left again. */
describe('export jobs read model', () => {
  const { config } = testEnvironment('export-jobs');
  let connection: Connection;
  let jobs: ExportJobs;
  const downloadUrlOf = (id: string) => `https://coffer.example/download/pst/${id}`;

  beforeAll(async () => {
    connection = await mongoose.createConnection(databaseUrl(config, 'pst-export')).asPromise();
    jobs = new ExportJobs(connection.db!, downloadUrlOf);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  function streamOf(exportId: string) {
    let version = 0;
    return <Type extends PstExportEvent['type']>(
      type: Type,
      payload: PstExportEventPayloads[Type],
    ): EventEnvelope<Type, PstExportEventPayloads[Type]> => ({
      id: randomUUID(),
      type,
      schemaVersion: 1,
      orgId: 'org-1',
      aggregate: { type: 'pst-export', id: exportId, version: ++version },
      occurredAt: new Date(Date.UTC(2026, 10, 23, 8, 0, version)).toISOString(),
      actor: { type: 'system' },
      correlationId: 'c-1',
      payload,
    });
  }

  /** Bob's Gmail backup, requested by Ada. */
  function requestedBy(exportId: string): PstExportEventPayloads['pst-export.requested'] {
    return {
      userId: 'u1',
      userEmail: 'bob@example.com',
      source: 'gmail',
      from: null,
      to: null,
      folders: null,
      requestedById: 'a1',
      requestedByEmail: 'ada@example.com',
      downloadUrl: downloadUrlOf(exportId),
    };
  }

  it('ends in the same document however often each event is applied', async () => {
    const exportId = randomUUID();
    const next = streamOf(exportId);
    const parts = [{ part: 1, bytes: 2_048, messages: 3, sha256: 'cd'.repeat(32) }];
    const events = [
      next('pst-export.requested', requestedBy(exportId)),
      next('pst-export.started', { attempt: 1, messages: 3 }),
      next('pst-export.completed', {
        messages: 3,
        bytes: 2_048,
        parts,
        userEmail: 'bob@example.com',
        downloadUrl: downloadUrlOf(exportId),
      }),
      next('pst-export.link-sent', {
        to: 'ada@example.com',
        downloadUrl: downloadUrlOf(exportId),
        expiresAt: '2026-11-30T08:00:00.000Z',
      }),
      next('pst-export.downloaded', {
        administratorId: 'a1',
        administratorEmail: 'ada@example.com',
        userEmail: 'bob@example.com',
        part: 1,
        bytes: 2_048,
        downloadUrl: downloadUrlOf(exportId),
      }),
    ];
    const blobIds = [`pst-${exportId}-1-1`];
    await expectRedeliveryChangesNothing(
      (event) => jobs.applyAll([event], event.type === 'pst-export.completed' ? { blobIds } : {}),
      () => jobs.get(exportId),
      events,
    );

    const job = await jobs.get(exportId);
    expect(job).toMatchObject({
      status: 'completed',
      messages: 3,
      bytes: 2_048,
      parts,
      blobIds,
      progress: { done: 3, total: 3 },
      linkExpiresAt: new Date('2026-11-30T08:00:00.000Z'),
      version: 5,
    });
    expect(jobs.toView(job!)).toMatchObject({ id: exportId, status: 'completed', attempts: 0 });
  });

  it('names the blobs of the attempt that completed when the completion comes without its command', async () => {
    // The relay projects a stored commit again (its command's projection failed): the blob ids
    // the command carried are gone and must follow from the job's attempt.
    const exportId = randomUUID();
    const next = streamOf(exportId);
    const parts = [1, 2].map((part) => ({
      part,
      bytes: 1_024,
      messages: 1,
      sha256: 'ab'.repeat(32),
    }));
    await jobs.applyAll([next('pst-export.requested', requestedBy(exportId))]);
    expect((await jobs.claim('worker-1', 60_000))?._id).toBe(exportId);
    expect((await jobs.claim('worker-2', 60_000, new Date(Date.now() + 120_000)))?._id).toBe(
      exportId,
    );
    await jobs.applyAll([
      next('pst-export.started', { attempt: 2, messages: 2 }),
      next('pst-export.completed', {
        messages: 2,
        bytes: 2_048,
        parts,
        userEmail: 'bob@example.com',
        downloadUrl: downloadUrlOf(exportId),
      }),
    ]);

    expect((await jobs.get(exportId))?.blobIds).toEqual([
      `pst-${exportId}-2-1`,
      `pst-${exportId}-2-2`,
    ]);
  });
});
