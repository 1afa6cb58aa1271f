import { ClientSignature, HEAP_SIGNATURE } from '../ltp/format';
import { type NdbReader, PstFormatError, type SubnodeEntry } from './ndb-reader';

/** A heap-on-node ([MS-PST] §2.3.1) read from the blocks of a node's data tree. */
export class HeapReader {
  readonly clientSignature: number;
  readonly userRoot: number;

  constructor(private readonly blocks: Buffer[]) {
    if (blocks.length === 0) throw new PstFormatError('heap: node has no data');
    const first = blocks[0];
    if (first[2] !== HEAP_SIGNATURE) throw new PstFormatError('heap: bad signature');
    this.clientSignature = first[3];
    this.userRoot = first.readUInt32LE(4);
    blocks.forEach((_, i) => this.pageMap(i));
  }

  private pageMap(blockIndex: number): number[] {
    const block = this.blocks[blockIndex];
    const at = block.readUInt16LE(0);
    if (at + 4 > block.length) {
      throw new PstFormatError(`heap block ${blockIndex}: page map out of range`);
    }
    const count = block.readUInt16LE(at);
    const offsets = Array.from({ length: count + 1 }, (_, i) => block.readUInt16LE(at + 4 + i * 2));
    let freed = 0;
    for (let i = 1; i < offsets.length; i++) {
      if (offsets[i] < offsets[i - 1] || offsets[i] > at) {
        throw new PstFormatError(`heap block ${blockIndex}: allocations out of order`);
      }
      if (offsets[i] === offsets[i - 1]) freed++;
    }
    // A zero-length allocation is a freed slot, and cFree counts them ([MS-PST] §2.3.1.5).
    if (block.readUInt16LE(at + 2) !== freed) {
      throw new PstFormatError(
        `heap block ${blockIndex}: free count ${block.readUInt16LE(at + 2)}, ${freed} freed slots`,
      );
    }
    return offsets;
  }

  /** The bytes of one heap allocation; an empty buffer for HID 0. */
  read(hid: number): Buffer {
    if (hid === 0) return Buffer.alloc(0);
    if ((hid & 0x1f) !== 0) throw new PstFormatError(`heap: ${hid} is not a heap id`);
    const blockIndex = hid >>> 16;
    const index = (hid >>> 5) & 0x7ff;
    if (blockIndex >= this.blocks.length) throw new PstFormatError(`heap: block of ${hid} missing`);
    const offsets = this.pageMap(blockIndex);
    if (index < 1 || index >= offsets.length)
      throw new PstFormatError(`heap: no allocation ${hid}`);
    if (offsets[index] === offsets[index - 1]) {
      throw new PstFormatError(`heap: ${hid} refers to a freed slot`);
    }
    return this.blocks[blockIndex].subarray(offsets[index - 1], offsets[index]);
  }
}

/** Reads all records of a B-tree-on-heap, in key order. */
export function readBTreeOnHeap(
  heap: HeapReader,
  headerHid: number,
): { key: Buffer; data: Buffer }[] {
  const header = heap.read(headerHid);
  if (header[0] !== ClientSignature.bTreeOnHeap) throw new PstFormatError('BTH: bad header type');
  const keySize = header[1];
  const dataSize = header[2];
  const levels = header[3];
  const records: { key: Buffer; data: Buffer }[] = [];
  const visit = (hid: number, level: number): void => {
    const bytes = heap.read(hid);
    const size = level === 0 ? keySize + dataSize : keySize + 4;
    if (bytes.length % size !== 0) throw new PstFormatError('BTH: allocation is not whole records');
    for (let at = 0; at < bytes.length; at += size) {
      const key = bytes.subarray(at, at + keySize);
      if (level === 0) records.push({ key, data: bytes.subarray(at + keySize, at + size) });
      else visit(bytes.readUInt32LE(at + keySize), level - 1);
    }
  };
  if (header.readUInt32LE(4) !== 0) visit(header.readUInt32LE(4), levels);
  for (let i = 1; i < records.length; i++) {
    if (Buffer.compare(reverse(records[i - 1].key), reverse(records[i].key)) >= 0) {
      throw new PstFormatError('BTH: keys out of order');
    }
  }
  return records;
}

function reverse(key: Buffer): Buffer {
  return Buffer.from(key).reverse();
}

const INLINE_TYPES = new Set([0x0002, 0x0003, 0x0004, 0x000a, 0x000b]);

export interface PropertyValue {
  type: number;
  /** The raw value bytes: inline values as 4 bytes, others from the heap or a subnode. */
  bytes: Buffer;
}

/** Resolves an HNID: a heap allocation, or the data of a subnode of the node. */
export function readHnid(
  ndb: NdbReader,
  heap: HeapReader,
  subnodes: Map<number, SubnodeEntry>,
  hnid: number,
): Buffer {
  if ((hnid & 0x1f) === 0) return heap.read(hnid);
  const subnode = subnodes.get(hnid);
  if (!subnode) throw new PstFormatError(`subnode ${hnid} is missing`);
  return ndb.nodeData(subnode.bidData);
}

/** A property context ([MS-PST] §2.3.3): property id to type and value bytes. */
export function readPropertyContext(
  ndb: NdbReader,
  blocks: Buffer[],
  subnodes: Map<number, SubnodeEntry>,
): Map<number, PropertyValue> {
  const heap = new HeapReader(blocks);
  if (heap.clientSignature !== ClientSignature.propertyContext) {
    throw new PstFormatError('property context: heap is not a PC');
  }
  const properties = new Map<number, PropertyValue>();
  for (const { key, data } of readBTreeOnHeap(heap, heap.userRoot)) {
    const type = data.readUInt16LE(0);
    const value = data.subarray(2, 6);
    const bytes = INLINE_TYPES.has(type)
      ? Buffer.from(value)
      : readHnid(ndb, heap, subnodes, value.readUInt32LE(0));
    properties.set(key.readUInt16LE(0), { type, bytes });
  }
  return properties;
}

export interface TableColumn {
  tag: number;
  offset: number;
  size: number;
  bit: number;
}

export interface TableContents {
  columns: TableColumn[];
  rowSize: number;
  rowIds: number[];
  rows: Buffer[];
  /** The row index's BTH header. */
  rowIndexHid: number;
  /** Sizes of the row matrix's data blocks when it is a subnode; empty when it is on the heap. */
  rowMatrixBlockSizes: number[];
}

/** A table context ([MS-PST] §2.3.4): its columns and raw fixed-size rows. */
export function readTableContext(
  ndb: NdbReader,
  blocks: Buffer[],
  subnodes: Map<number, SubnodeEntry>,
): TableContents {
  const heap = new HeapReader(blocks);
  if (heap.clientSignature !== ClientSignature.tableContext)
    throw new PstFormatError('table: heap is not a TC');
  const info = heap.read(heap.userRoot);
  if (info[0] !== ClientSignature.tableContext) throw new PstFormatError('table: bad TCINFO type');
  const columnCount = info[1];
  const rowSize = info.readUInt16LE(8);
  const columns = Array.from({ length: columnCount }, (_, i) => ({
    tag: info.readUInt32LE(22 + i * 8),
    offset: info.readUInt16LE(26 + i * 8),
    size: info[28 + i * 8],
    bit: info[29 + i * 8],
  }));
  const rowIndexHid = info.readUInt32LE(10);
  const rowIds = readBTreeOnHeap(heap, rowIndexHid).map((r) => r.key.readUInt32LE(0));
  const rowsHnid = info.readUInt32LE(14);
  const rows: Buffer[] = [];
  const rowMatrixBlockSizes: number[] = [];
  if (rowsHnid !== 0) {
    const inSubnode = (rowsHnid & 0x1f) !== 0;
    const parts = inSubnode
      ? ndb.dataBlocks(subnodes.get(rowsHnid)?.bidData ?? missing(rowsHnid))
      : [heap.read(rowsHnid)];
    if (inSubnode) rowMatrixBlockSizes.push(...parts.map((part) => part.length));
    for (const part of parts) {
      const perBlock = Math.floor(part.length / rowSize);
      for (let i = 0; i < perBlock; i++) rows.push(part.subarray(i * rowSize, (i + 1) * rowSize));
    }
  }
  if (rows.length < rowIds.length) throw new PstFormatError('table: fewer rows than row ids');
  return {
    columns,
    rowSize,
    rowIds,
    rows: rows.slice(0, rowIds.length),
    rowIndexHid,
    rowMatrixBlockSizes,
  };
}

function missing(nid: number): never {
  throw new PstFormatError(`subnode ${nid} is missing`);
}
