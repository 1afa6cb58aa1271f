import type { Properties } from '../ltp/property-context-writer';
import type { PropertyValue } from '../ltp/property-types';
import { pstCrc } from '../ndb/crc';
import { Tag } from './tags';

/** A named property: a property set's GUID with a numeric id (LID) or a name. */
export interface NamedProperty {
  guid: string;
  name: number | string;
}

export const PS_MAPI = '00020328-0000-0000-c000-000000000046';
export const PS_PUBLIC_STRINGS = '00020329-0000-0000-c000-000000000046';
const PSETID_APPOINTMENT = '00062002-0000-0000-c000-000000000046';
const PS_INTERNET_HEADERS = '00020386-0000-0000-c000-000000000046';
const PSETID_COMMON = '00062008-0000-0000-c000-000000000046';
const PSETID_MENTIONS = '41f28f13-83f4-4114-a584-eedb5a6b0bff';
const PSETID_REMOTE = '00062014-0000-0000-c000-000000000046';
const PSETID_TASK = '00062003-0000-0000-c000-000000000046';

/**
 * The named properties a new Outlook store registers, in Outlook's order (ids 0x8000 on), as
 * in the empty PST Outlook writes: the same map, so that no stream of it is ever empty
 * (java-libpst and libpff take an empty stream for a missing reference) and readers meet
 * nothing Outlook would not write. PidLidSideEffects (PSETID_Common 0x8510) is among them.
 */
export const OUTLOOK_NEW_STORE_NAMES: readonly NamedProperty[] = [
  ...[0x8205, 0x8223, 0x8231, 0x8216, 0x820d, 0x820e, 0x8235, 0x8236, 0x8233].map((name) => ({
    guid: PSETID_APPOINTMENT,
    name,
  })),
  { guid: PS_INTERNET_HEADERS, name: 'content-class' },
  { guid: PS_PUBLIC_STRINGS, name: 'DRMLicense' },
  { guid: PS_INTERNET_HEADERS, name: 'x-cr-hashedpuzzle' },
  { guid: PS_INTERNET_HEADERS, name: 'x-cr-puzzleid' },
  { guid: PSETID_COMMON, name: 0x8580 },
  { guid: PSETID_COMMON, name: 0x8581 },
  { guid: PS_PUBLIC_STRINGS, name: 'urn:schemas-microsoft-com:office:outlook#storetypeprivate' },
  { guid: PSETID_COMMON, name: 0x8510 },
  { guid: PSETID_COMMON, name: 0x8578 },
  { guid: PSETID_MENTIONS, name: 'IsMentioned' },
  { guid: PS_PUBLIC_STRINGS, name: 'Keywords' },
  { guid: PSETID_REMOTE, name: 0x8f05 },
  { guid: PSETID_COMMON, name: 0x8514 },
  { guid: PSETID_REMOTE, name: 0x8f07 },
  { guid: PSETID_COMMON, name: 0x8503 },
  { guid: PSETID_COMMON, name: 0x85a8 },
  { guid: PSETID_COMMON, name: 0x8502 },
  { guid: PSETID_TASK, name: 0x8104 },
  { guid: PSETID_TASK, name: 0x8105 },
  { guid: PSETID_TASK, name: 0x811c },
  { guid: PS_INTERNET_HEADERS, name: 'x-ms-exchange-organization-authdomain' },
  { guid: PS_PUBLIC_STRINGS, name: 'DoNotForward' },
  { guid: PSETID_COMMON, name: 0x8570 },
  { guid: PSETID_TASK, name: 0x8101 },
  { guid: PSETID_COMMON, name: 0x85e0 },
  { guid: PSETID_COMMON, name: 0x8552 },
];

const BUCKET_COUNT = 251;
const FIRST_BUCKET_ID = 0x1000;

/** A GUID as MAPI stores it: the first three fields little endian, the rest as written. */
export function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  bytes.writeUInt32LE(parseInt(hex.slice(0, 8), 16), 0);
  bytes.writeUInt16LE(parseInt(hex.slice(8, 12), 16), 4);
  bytes.writeUInt16LE(parseInt(hex.slice(12, 16), 16), 6);
  return bytes;
}

/**
 * The properties of the named-property map node ([MS-PST] §2.4.7): the GUID, entry and string
 * streams and one hash bucket per 251 that holds entries. GUID index 1 is PS_MAPI, 2
 * PS_PUBLIC_STRINGS, and 3 on the GUID stream's entries in order of first use.
 */
export function nameToIdMapProperties(names: readonly NamedProperty[]): Properties {
  const guids: string[] = [];
  const guidIndex = (guid: string) => {
    if (guid === PS_MAPI) return 1;
    if (guid === PS_PUBLIC_STRINGS) return 2;
    if (!guids.includes(guid)) guids.push(guid);
    return guids.indexOf(guid) + 3;
  };
  const entries = Buffer.alloc(names.length * 8);
  const strings: Buffer[] = [];
  let stringsLength = 0;
  const buckets = new Map<number, Buffer[]>();
  names.forEach(({ guid, name }, index) => {
    const isString = typeof name === 'string';
    const guidAndKind = (guidIndex(guid) << 1) | (isString ? 1 : 0);
    let id: number;
    let hash: number;
    if (isString) {
      const text = Buffer.from(name, 'utf16le');
      const entry = Buffer.alloc(4 + text.length + ((4 - (text.length % 4)) % 4));
      entry.writeUInt32LE(text.length, 0);
      text.copy(entry, 4);
      id = stringsLength;
      hash = pstCrc(text);
      strings.push(entry);
      stringsLength += entry.length;
    } else {
      id = name;
      hash = name;
    }
    entries.writeUInt32LE(id >>> 0, index * 8);
    entries.writeUInt16LE(guidAndKind, index * 8 + 4);
    entries.writeUInt16LE(index, index * 8 + 6);
    // A bucket holds the same entry with the name's hash (its id, or a string's CRC) as key.
    const bucketEntry = Buffer.from(entries.subarray(index * 8, index * 8 + 8));
    bucketEntry.writeUInt32LE(hash >>> 0, 0);
    const bucket = FIRST_BUCKET_ID + (((hash ^ guidAndKind) >>> 0) % BUCKET_COUNT);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), bucketEntry]);
  });
  const properties = new Map<number, PropertyValue | undefined>([
    [Tag.NameidBucketCount, BUCKET_COUNT],
    [Tag.NameidStreamGuid, Buffer.concat(guids.map(guidBytes))],
    [Tag.NameidStreamEntry, entries],
    [Tag.NameidStreamString, Buffer.concat(strings)],
  ]);
  for (const [bucket, bucketEntries] of buckets) {
    properties.set(((bucket << 16) | 0x0102) >>> 0, Buffer.concat(bucketEntries));
  }
  return properties;
}
