import type { PropertyValue as WrittenValue } from '../ltp/property-types';
import type { PropertyValue } from '../validate/ltp-reader';
import { checkNameToIdMap } from '../validate/name-to-id-map-check';
import {
  nameToIdMapProperties,
  OUTLOOK_NEW_STORE_NAMES,
  PS_PUBLIC_STRINGS,
} from './name-to-id-map';

/** The map as the validator reads it back: property id to type and bytes. */
function asRead(properties: Map<number, WrittenValue | undefined>): Map<number, PropertyValue> {
  return new Map(
    [...properties].map(([tag, value]) => {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.alloc(4);
      if (typeof value === 'number') bytes.writeUInt32LE(value);
      return [tag >>> 16, { type: tag & 0xffff, bytes }];
    }),
  );
}

describe('the named-property map', () => {
  const map = nameToIdMapProperties(OUTLOOK_NEW_STORE_NAMES);
  const bucket = (id: number) => (map.get(((id << 16) | 0x0102) >>> 0) as Buffer).toString('hex');

  it('hashes names into the buckets Outlook puts them in', () => {
    // As in the empty PST Outlook writes: a numeric name, a string name (by the CRC of its
    // UTF-16 text) and a bucket holding two entries.
    expect(bucket(0x1097)).toBe('0582000006000000'); // PSETID_Appointment 0x8205 → 0x8000
    expect(bucket(0x1009)).toBe('03f1baa609000c00'); // "x-cr-puzzleid" → 0x800c
    expect(bucket(0x10a4)).toBe('16820000060003000581000010001b00');
    expect((map.get(0x00020102) as Buffer).length).toBe(6 * 16);
    expect((map.get(0x00030102) as Buffer).length).toBe(35 * 8);
    expect((map.get(0x00040102) as Buffer).length).toBe(404);
  });

  it('passes the validator, which finds every entry in its bucket', () => {
    expect(checkNameToIdMap(asRead(map))).toEqual([]);
  });

  it('is failed by the validator without a string stream, or with an entry out of its bucket', () => {
    const withoutStrings = asRead(map);
    withoutStrings.delete(0x0004);
    expect(checkNameToIdMap(withoutStrings)).toContain(
      'named-property map: the string stream is missing',
    );
    const numericOnly = asRead(nameToIdMapProperties([{ guid: PS_PUBLIC_STRINGS, name: 0x8001 }]));
    expect(checkNameToIdMap(numericOnly)).toEqual([
      'named-property map: the guid stream is empty',
      'named-property map: the string stream is empty',
    ]);
    const misplaced = asRead(map);
    misplaced.set(0x1098, misplaced.get(0x1097)!);
    misplaced.delete(0x1097);
    expect(checkNameToIdMap(misplaced)).toEqual([
      'named-property map: entry 0 is missing from its hash bucket 1097',
    ]);
  });
});
