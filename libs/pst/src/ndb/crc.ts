import { crc32 } from 'node:zlib';

/**
 * The CRC-32 [MS-PST] §5.3 specifies: the usual reflected polynomial 0xEDB88320, but started
 * from 0 and without the final inversion. zlib's CRC-32 inverts on the way in and out, so
 * starting it from ~0 and inverting its result gives the same value, computed natively.
 */
export function pstCrc(data: Uint8Array, start = 0, end = data.length): number {
  const view = start === 0 && end === data.length ? data : data.subarray(start, end);
  return ~crc32(view, 0xffffffff) >>> 0;
}
