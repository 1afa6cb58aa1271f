import type { CofferConfig } from '@coffer/config';
import { DEAD_LETTER_SUFFIX, type EventEnvelope, Topics } from '@coffer/contracts';
import {
  createKafka,
  type Kafka,
  type ReplayedMessage,
  topicRanges,
  TopicReplay,
} from '@coffer/messaging';

/** Reading a whole topic has an end: this long, or the operator is told it stopped short. */
const READ_TIMEOUT_MS = 10 * 60_000;

export interface InspectedEvent {
  topic: string;
  partition: number;
  offset: string;
  event?: EventEnvelope;
  /** For a malformed message (as on a dead-letter topic): the raw text. */
  raw?: string;
}

/**
 * `events tail --topic <t> [--limit N]`: the last N messages of a topic (base name such as
 * `identity.events`, or its `.dead-letter` twin), oldest first. Reads the topic once with a
 * throw-away consumer, keeping only N in memory.
 */
export async function tailEvents(
  config: CofferConfig,
  topic: string,
  limit: number,
): Promise<InspectedEvent[]> {
  assertKnownTopic(topic);
  const last: InspectedEvent[] = [];
  await readToEnd(config, [`${config.topicPrefix}${topic}`], (message) => {
    last.push(inspected(message));
    if (last.length > limit) last.shift();
    return false;
  });
  return last;
}

/** `events show <eventId>`: the event with that id, from whichever event topic holds it. */
export async function showEvent(
  config: CofferConfig,
  eventId: string,
): Promise<InspectedEvent | undefined> {
  let found: InspectedEvent | undefined;
  await readToEnd(
    config,
    Object.values(Topics).map((topic) => `${config.topicPrefix}${topic}`),
    (message) => {
      if (message.event?.id !== eventId) return false;
      found = inspected(message);
      return true;
    },
  );
  return found;
}

function assertKnownTopic(topic: string): void {
  const known = Object.values(Topics).flatMap((base) => [base, `${base}${DEAD_LETTER_SUFFIX}`]);
  if (!known.includes(topic as never))
    throw new Error(`unknown topic "${topic}"; known: ${known.join(', ')}`);
}

function inspected(message: ReplayedMessage): InspectedEvent {
  const { topic, partition, offset, event, raw } = message;
  return { topic, partition, offset, ...(event ? { event } : { raw }) };
}

/** Reads `topics` up to where they end now; `visit` returning true stops early. */
async function readToEnd(
  config: CofferConfig,
  topics: string[],
  visit: (message: ReplayedMessage) => boolean,
): Promise<void> {
  const kafka: Kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'coffer-ops' });
  const ranges = await topicRanges(kafka, topics);
  let done = false;
  const replay = new TopicReplay(kafka, topics, `${config.topicPrefix}ops-`, async (message) => {
    if (!done && visit(message)) done = true;
  });
  await replay.start();
  try {
    await replay.waitUntilReached(ranges, READ_TIMEOUT_MS, () => done);
  } finally {
    await replay.stop();
  }
}
