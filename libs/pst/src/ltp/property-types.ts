/** MAPI property types used in this PST ([MS-OXCDATA] §2.11.1). */
export enum PropertyType {
  Integer16 = 0x0002,
  Integer32 = 0x0003,
  Floating64 = 0x0005,
  ErrorCode = 0x000a,
  Boolean = 0x000b,
  Object = 0x000d,
  Integer64 = 0x0014,
  String = 0x001f,
  Time = 0x0040,
  Guid = 0x0048,
  Binary = 0x0102,
  MultipleInteger32 = 0x1003,
}

export type PropertyValue = number | bigint | boolean | string | Buffer | Date;

export function typeOfTag(tag: number): PropertyType {
  return tag & 0xffff;
}

export function idOfTag(tag: number): number {
  return tag >>> 16;
}

/** Values a property context keeps inside its 4-byte slot rather than on the heap. */
export function isInlineInPropertyContext(type: PropertyType): boolean {
  switch (type) {
    case PropertyType.Integer16:
    case PropertyType.Integer32:
    case PropertyType.ErrorCode:
    case PropertyType.Boolean:
      return true;
    default:
      return false;
  }
}

/** Size of a value inside a table row; variable-size values are a 4-byte HNID there. */
export function tableCellSize(type: PropertyType): number {
  switch (type) {
    case PropertyType.Boolean:
      return 1;
    case PropertyType.Integer16:
      return 2;
    case PropertyType.Floating64:
    case PropertyType.Integer64:
    case PropertyType.Time:
      return 8;
    default:
      return 4;
  }
}

/** Milliseconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000;
const TWO_TO_32 = 0x1_0000_0000;

/**
 * Writes a date as a Windows FILETIME (100-nanosecond intervals since 1601-01-01 UTC), in two
 * 32-bit halves: the product overflows a double's exact range, and BigInt costs far more.
 */
export function writeFileTime(date: Date, target: Buffer, offset: number): void {
  const ms = date.getTime() + FILETIME_EPOCH_OFFSET_MS;
  const high = Math.floor(ms / TWO_TO_32);
  const low = (ms - high * TWO_TO_32) * 10_000;
  const carry = Math.floor(low / TWO_TO_32);
  target.writeUInt32LE(low - carry * TWO_TO_32, offset);
  target.writeUInt32LE(high * 10_000 + carry, offset + 4);
}

/** A zero-filled buffer; small ones come from Node's shared pool, far cheaper than alloc. */
export function zeroed(size: number): Buffer {
  return Buffer.allocUnsafe(size).fill(0);
}

/**
 * Writes a fixed-size value (integers, booleans, floats, times) straight into `target` at
 * `offset`, as `encodeValue` would encode it, and returns true; returns false, writing nothing,
 * for a variable-size type. Saves a buffer per value in rows and property records.
 */
export function writeFixedValue(
  type: PropertyType,
  value: PropertyValue,
  target: Buffer,
  offset: number,
): boolean {
  switch (type) {
    case PropertyType.Integer16:
      target.writeInt16LE(Number(value), offset);
      return true;
    case PropertyType.Integer32:
    case PropertyType.ErrorCode:
      target.writeUInt32LE(Number(value) >>> 0, offset);
      return true;
    case PropertyType.Boolean:
      target[offset] = value ? 1 : 0;
      return true;
    case PropertyType.Floating64:
      target.writeDoubleLE(Number(value), offset);
      return true;
    case PropertyType.Integer64:
      target.writeBigInt64LE(BigInt(value as number | bigint), offset);
      return true;
    case PropertyType.Time:
      writeFileTime(value as Date, target, offset);
      return true;
    default:
      return false;
  }
}

/** Encodes a value in its on-disk form: fixed-size little endian, strings as UTF-16LE. */
export function encodeValue(type: PropertyType, value: PropertyValue): Buffer {
  switch (type) {
    case PropertyType.String:
      return Buffer.from(String(value), 'utf16le');
    case PropertyType.Guid:
    case PropertyType.Binary:
    case PropertyType.Object:
      return value as Buffer;
    case PropertyType.MultipleInteger32: {
      const values = value as unknown as number[];
      const b = zeroed(values.length * 4);
      values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
      return b;
    }
    default: {
      const b = zeroed(tableCellSize(type));
      writeFixedValue(type, value, b, 0);
      return b;
    }
  }
}
