import { setTimeout as sleep } from 'node:timers/promises';

import {
  type DatabaseEngine,
  type DatabaseStartOptions,
  killDatabase,
  startDatabase,
} from './database';
import type { InfraContext } from './infra-context';
import { connectMongo } from './mongo-client';

const WRITERS = 16;
const VERIFY_BATCH = 500;

export interface KillUnderLoadReport {
  /** Inserts the server answered with success before it died. */
  acknowledged: number;
  /** Of those, how many were not there after the restart: must be 0. */
  missing: number;
  passed: boolean;
  /** Inserts whose answer never came (killed in flight) but which were stored: allowed. */
  unacknowledgedButStored: number;
  missingExamples?: string[];
}

/**
 * The durability promise, checked: 16 writers insert as fast as the engine takes them, the
 * database process is killed with SIGKILL after `loadMs`, started again, and every insert it
 * acknowledged must be there. The engine must be running (on `context`'s port) when called, and
 * runs again afterwards.
 */
export async function checkKillUnderLoad(
  context: InfraContext,
  engine: DatabaseEngine,
  options: DatabaseStartOptions = {},
  loadMs = 3_000,
): Promise<KillUnderLoadReport> {
  const url = `mongodb://${context.config.host}:${context.config.ports.mongo}`;
  const client = await connectMongo(url, WRITERS * 2);
  const collection = client
    .db('kill-under-load')
    .collection<{ _id: string; at: Date; padding: string }>('inserts');
  const acknowledged: string[] = [];
  const attempted: string[] = [];
  let stopped = false;
  const writers = Array.from({ length: WRITERS }, async (_, writer) => {
    for (let sequence = 0; !stopped; sequence++) {
      const _id = `w${writer}-${sequence}`;
      attempted.push(_id);
      try {
        await collection.insertOne({ _id, at: new Date(), padding: 'p'.repeat(200) });
        acknowledged.push(_id);
      } catch {
        return; // the server is gone: this insert's fate is unknown, so it is not counted
      }
    }
  });
  try {
    await sleep(loadMs);
    await killDatabase(context, engine);
    stopped = true;
    await Promise.all(writers);
  } finally {
    stopped = true;
    await client.close(true).catch(() => undefined);
  }

  await startDatabase(context, engine, options);
  const verifier = await connectMongo(url);
  try {
    const reader = verifier.db('kill-under-load').collection<{ _id: string }>('inserts');
    const present = new Set<string>();
    for (let offset = 0; offset < attempted.length; offset += VERIFY_BATCH) {
      const ids = attempted.slice(offset, offset + VERIFY_BATCH);
      for (const found of await reader
        .find({ _id: { $in: ids } }, { projection: { _id: 1 } })
        .toArray())
        present.add(found._id);
    }
    const missing = acknowledged.filter((id) => !present.has(id));
    return {
      acknowledged: acknowledged.length,
      missing: missing.length,
      passed: missing.length === 0,
      unacknowledgedButStored: present.size - (acknowledged.length - missing.length),
      ...(missing.length > 0 ? { missingExamples: missing.slice(0, 5) } : {}),
    };
  } finally {
    await verifier.close(true).catch(() => undefined);
  }
}
