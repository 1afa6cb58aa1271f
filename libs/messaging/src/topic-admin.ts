import type { Kafka } from 'kafkajs';

import { DEAD_LETTER_SUFFIX } from '@coffer/contracts';

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
  /** Only applied where the cluster has that many brokers; see the README. */
  minInsyncReplicas?: number;
}

/**
 * Creates each event topic and its dead-letter twin if missing. Event topics keep events
 * forever (`retention.ms=-1`): projections are rebuilt from them.
 */
export async function ensureTopics(kafka: Kafka, names: string[], layout: TopicLayout) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = names.flatMap((name) => [name, `${name}${DEAD_LETTER_SUFFIX}`]);
    const missing = wanted.filter((name) => !existing.has(name));
    if (missing.length === 0) return;
    const configEntries = [{ name: 'retention.ms', value: '-1' }];
    if (layout.minInsyncReplicas) {
      configEntries.push({ name: 'min.insync.replicas', value: String(layout.minInsyncReplicas) });
    }
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: layout.partitions,
        replicationFactor: layout.replicationFactor,
        configEntries,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: number;
  endOffset: number;
  lag: number;
}

/** The lag of a consumer group on each partition of the given topics. */
export async function consumerGroupLag(
  kafka: Kafka,
  groupId: string,
  topics: string[],
): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of partitions) {
        const endOffset = Number(ends.find((end) => end.partition === partition)?.high ?? 0);
        const committedOffset = Math.max(Number(offset), 0);
        lags.push({
          topic,
          partition,
          committedOffset,
          endOffset,
          lag: endOffset - committedOffset,
        });
      }
    }
    return lags;
  } finally {
    await admin.disconnect();
  }
}
