/**
 * Sizes, offsets and codes of the Unicode PST's node database layer ([MS-PST] §2.2). Shared by
 * the writer and by the validator that checks what the writer produced.
 */
export const PAGE_SIZE = 512;
export const PAGE_DATA_SIZE = 496;
export const BLOCK_ALIGNMENT = 64;
export const BLOCK_TRAILER_SIZE = 16;
/** The largest payload of one block: 8 KiB less its trailer. */
export const MAX_BLOCK_DATA = 8192 - BLOCK_TRAILER_SIZE;

export const HEADER_SIZE = 564;
export const DENSITY_LIST_OFFSET = 0x4200;
export const FIRST_AMAP_OFFSET = 0x4400;
/** Bytes one allocation map page describes, itself included: 496 bytes × 8 bits × 64 bytes. */
export const AMAP_COVERAGE = PAGE_DATA_SIZE * 8 * BLOCK_ALIGNMENT;

export const UNICODE_FILE_VERSION = 23;
export const CLIENT_FILE_VERSION = 19;
export const CRYPT_NONE = 0;

export enum PageType {
  BlockBTree = 0x80,
  NodeBTree = 0x81,
  FreeMap = 0x82,
  PageMap = 0x83,
  AllocationMap = 0x84,
  FreePageMap = 0x85,
  DensityList = 0x86,
}

/** B-tree page geometry: entries fill the first 488 bytes, then counts, then the trailer. */
export const BTREE_ENTRIES_SIZE = 488;
export const BTREE_ENTRY_SIZE = { branch: 24, blockLeaf: 24, nodeLeaf: 32 } as const;

/** Block header types inside internal blocks. */
export const XBLOCK_TYPE = 0x01;
export const SLBLOCK_TYPE = 0x02;
/** Block ids carry two flag bits; bit 1 marks internal blocks (data trees, subnode trees). */
export const BID_INTERNAL = 0x2;
export const BID_STEP = 4;

/** [MS-PST] §5.5: a 16-bit signature of a page or block, from its offset and id. */
export function blockSignature(ib: number, bid: number): number {
  const x = (low32(ib) ^ low32(bid)) >>> 0;
  return ((x >>> 16) ^ x) & 0xffff;
}

export function low32(n: number): number {
  return (n % 0x1_0000_0000) >>> 0;
}

export function readU64(buf: Buffer, offset: number): number {
  const value = buf.readUInt32LE(offset) + buf.readUInt32LE(offset + 4) * 0x1_0000_0000;
  if (!Number.isSafeInteger(value)) throw new RangeError(`64-bit value at ${offset} is too large`);
  return value;
}

export function writeU64(buf: Buffer, offset: number, value: number): void {
  buf.writeUInt32LE(low32(value), offset);
  buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), offset + 4);
}

export function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Total size on disk of a block holding `dataSize` bytes: payload, padding and trailer. */
export function blockDiskSize(dataSize: number): number {
  return alignUp(dataSize + BLOCK_TRAILER_SIZE, BLOCK_ALIGNMENT);
}

/**
 * The map pages at the start of allocation interval `index` (each interval is AMAP_COVERAGE
 * bytes from 0x4400): an AMap always, a PMap every 8th interval, an FMap from the 128th interval
 * every 496th, an FPMap from the 8192nd every 31,744th. PMaps, FMaps and FPMaps are deprecated but
 * must still sit at these places with valid checksums.
 */
export function mapPagesOfInterval(index: number): { offset: number; type: PageType }[] {
  const base = FIRST_AMAP_OFFSET + index * AMAP_COVERAGE;
  const pages = [{ offset: base, type: PageType.AllocationMap }];
  if (index % 8 === 0) pages.push({ offset: base + PAGE_SIZE, type: PageType.PageMap });
  if (index >= 128 && (index - 128) % PAGE_DATA_SIZE === 0) {
    pages.push({ offset: base + 2 * PAGE_SIZE, type: PageType.FreeMap });
  }
  if (index >= 8192 && (index - 8192) % (PAGE_DATA_SIZE * 64) === 0) {
    pages.push({ offset: base + 3 * PAGE_SIZE, type: PageType.FreePageMap });
  }
  return pages;
}

/** NID types ([MS-PST] §2.2.2.1): the low five bits of a node id. */
export enum NidType {
  Hid = 0x00,
  Internal = 0x01,
  NormalFolder = 0x02,
  SearchFolder = 0x03,
  NormalMessage = 0x04,
  Attachment = 0x05,
  SearchUpdateQueue = 0x06,
  SearchCriteriaObject = 0x07,
  AssociatedMessage = 0x08,
  ContentsTableIndex = 0x0a,
  ReceiveFolderTable = 0x0b,
  OutgoingQueueTable = 0x0c,
  HierarchyTable = 0x0d,
  ContentsTable = 0x0e,
  AssociatedContentsTable = 0x0f,
  SearchContentsTable = 0x10,
  AttachmentTable = 0x11,
  RecipientTable = 0x12,
  SearchTableIndex = 0x13,
  Ltp = 0x1f,
}

export function makeNid(type: NidType, index: number): number {
  return ((index << 5) | type) >>> 0;
}

export function nidTypeOf(nid: number): NidType {
  return nid & 0x1f;
}
