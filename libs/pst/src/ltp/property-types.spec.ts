import { encodeValue, PropertyType, writeFileTime } from './property-types';

describe('property values on disk', () => {
  /** FILETIME by exact integer arithmetic, the definition the split-word version must meet. */
  const fileTime = (ms: number) => BigInt(ms) * 10_000n + 116_444_736_000_000_000n;

  it('writes dates as FILETIMEs, exactly, across the range of mail dates', () => {
    const dates = [
      0,
      1,
      -1,
      -11_644_473_600_000, // 1601-01-01, FILETIME 0
      1_700_000_000_123,
      4_102_444_800_000, // 2100
      253_402_300_799_999, // 9999-12-31
    ];
    for (let seed = 1; dates.length < 2_000; seed = (seed * 48271) % 0x7fffffff) {
      dates.push((seed % 5_000_000) * 1_000_003 - 1_000_000_000_000);
    }
    for (const ms of dates) {
      const bytes = Buffer.alloc(8);
      writeFileTime(new Date(ms), bytes, 0);
      expect(bytes.readBigUInt64LE(0)).toBe(fileTime(ms));
    }
  });

  it('encodes fixed-size values little endian in their own width', () => {
    expect(encodeValue(PropertyType.Integer16, -2).toString('hex')).toBe('feff');
    expect(encodeValue(PropertyType.Integer32, 0x01020304).toString('hex')).toBe('04030201');
    expect(encodeValue(PropertyType.Boolean, true).toString('hex')).toBe('01');
    expect(encodeValue(PropertyType.Integer64, 2n ** 40n).toString('hex')).toBe('0000000000010000');
    expect(encodeValue(PropertyType.Floating64, 1).readDoubleLE(0)).toBe(1);
    expect(encodeValue(PropertyType.Time, new Date(0)).readBigUInt64LE(0)).toBe(fileTime(0));
    expect(encodeValue(PropertyType.String, 'Aé').toString('hex')).toBe('4100e900');
  });
});
