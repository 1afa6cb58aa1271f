import { pstCrc } from '../ndb/crc';
import type { PropertyValue } from './ltp-reader';

const BUCKET_COUNT = 0x0001;
const STREAMS = { guid: 0x0002, entry: 0x0003, string: 0x0004 } as const;
const FIRST_BUCKET = 0x1000;
const PTYP_INTEGER32 = 0x0003;
const PTYP_BINARY = 0x0102;

/**
 * Checks the named-property map ([MS-PST] §2.4.7): a bucket count, the three streams, present
 * and not empty (java-libpst and libpff take an empty stream for a missing reference, and
 * Outlook's maps are never empty), every entry's GUID index and string in range, property
 * indexes 0, 1, 2… in order, and every entry in the hash bucket its name falls in. Returns the
 * problems found.
 */
export function checkNameToIdMap(properties: Map<number, PropertyValue>): string[] {
  const problems: string[] = [];
  const where = 'named-property map';
  const count = properties.get(BUCKET_COUNT);
  if (count?.type !== PTYP_INTEGER32 || count.bytes.readUInt32LE(0) === 0) {
    problems.push(`${where}: no bucket count`);
    return problems;
  }
  const buckets = count.bytes.readUInt32LE(0);
  const streams = Object.fromEntries(
    Object.entries(STREAMS).map(([name, id]) => {
      const stream = properties.get(id);
      if (stream?.type !== PTYP_BINARY) problems.push(`${where}: the ${name} stream is missing`);
      else if (stream.bytes.length === 0) problems.push(`${where}: the ${name} stream is empty`);
      return [name, stream?.bytes ?? Buffer.alloc(0)];
    }),
  ) as Record<keyof typeof STREAMS, Buffer>;
  if (streams.guid.length % 16 !== 0) problems.push(`${where}: GUID stream is not whole GUIDs`);
  if (streams.entry.length % 8 !== 0) problems.push(`${where}: entry stream is not whole entries`);
  const guids = Math.floor(streams.guid.length / 16);
  for (let index = 0; index < Math.floor(streams.entry.length / 8); index++) {
    const entry = streams.entry.subarray(index * 8, index * 8 + 8);
    const id = entry.readUInt32LE(0);
    const guidAndKind = entry.readUInt16LE(4);
    const guidIndex = guidAndKind >> 1;
    const at = `${where}: entry ${index}`;
    if (entry.readUInt16LE(6) !== index)
      problems.push(`${at} has property index ${entry.readUInt16LE(6)}`);
    if (guidIndex < 1 || guidIndex > guids + 2) problems.push(`${at} names GUID ${guidIndex}`);
    let hash = id;
    if (guidAndKind & 1) {
      const length = id + 4 <= streams.string.length ? streams.string.readUInt32LE(id) : -1;
      if (length < 0 || id % 4 !== 0 || id + 4 + length > streams.string.length) {
        problems.push(`${at}: string at ${id} lies outside the string stream`);
        continue;
      }
      hash = pstCrc(streams.string.subarray(id + 4, id + 4 + length));
    }
    const bucketId = FIRST_BUCKET + (((hash ^ guidAndKind) >>> 0) % buckets);
    const bucket = properties.get(bucketId)?.bytes ?? Buffer.alloc(0);
    let found = false;
    for (let b = 0; b + 8 <= bucket.length; b += 8) {
      found ||=
        bucket.readUInt32LE(b) === hash >>> 0 &&
        bucket.readUInt16LE(b + 4) === guidAndKind &&
        bucket.readUInt16LE(b + 6) === index;
    }
    if (!found) problems.push(`${at} is missing from its hash bucket ${bucketId.toString(16)}`);
  }
  return problems;
}
