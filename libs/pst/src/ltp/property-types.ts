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

const FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000n;

/** Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC. */
export function toFileTime(date: Date): bigint {
  return BigInt(date.getTime()) * 10_000n + FILETIME_EPOCH_OFFSET;
}

/** Encodes a value in its on-disk form: fixed-size little endian, strings as UTF-16LE. */
export function encodeValue(type: PropertyType, value: PropertyValue): Buffer {
  switch (type) {
    case PropertyType.Integer16: {
      const b = Buffer.alloc(2);
      b.writeInt16LE(Number(value));
      return b;
    }
    case PropertyType.Integer32:
    case PropertyType.ErrorCode: {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(Number(value) >>> 0);
      return b;
    }
    case PropertyType.Boolean:
      return Buffer.from([value ? 1 : 0]);
    case PropertyType.Floating64: {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(Number(value));
      return b;
    }
    case PropertyType.Integer64: {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(value as number | bigint));
      return b;
    }
    case PropertyType.Time: {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(toFileTime(value as Date));
      return b;
    }
    case PropertyType.String:
      return Buffer.from(String(value), 'utf16le');
    case PropertyType.Guid:
    case PropertyType.Binary:
    case PropertyType.Object:
      return value as Buffer;
    case PropertyType.MultipleInteger32: {
      const values = value as unknown as number[];
      const b = Buffer.alloc(values.length * 4);
      values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
      return b;
    }
  }
}
