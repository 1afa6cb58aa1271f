import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

import { pstCrc } from '../ndb/crc';
import {
  BID_INTERNAL,
  BLOCK_TRAILER_SIZE,
  blockDiskSize,
  blockSignature,
  BTREE_ENTRIES_SIZE,
  BTREE_ENTRY_SIZE,
  PAGE_DATA_SIZE,
  PAGE_SIZE,
  PageType,
  readU64,
  SLBLOCK_TYPE,
  XBLOCK_TYPE,
} from '../ndb/format';

/** A file that breaks a rule of [MS-PST]; the message names the rule and where. */
export class PstFormatError extends Error {}

export interface BlockRef {
  bid: number;
  ib: number;
}

export interface PstHeader {
  version: number;
  clientVersion: number;
  cryptMethod: number;
  bidNextBlock: number;
  bidNextPage: number;
  unique: number;
  nextNidIndex: number[];
  fileEof: number;
  lastAmapOffset: number;
  amapFreeBytes: number;
  nodeBTree: BlockRef;
  blockBTree: BlockRef;
  amapValid: number;
  firstFreeMap: Buffer;
}

export interface BlockEntry {
  ib: number;
  cb: number;
  refCount: number;
}

export interface NodeEntry {
  bidData: number;
  bidSub: number;
  parentNid: number;
}

export interface SubnodeEntry {
  bidData: number;
  bidSub: number;
}

/**
 * Reads a Unicode PST's node database strictly: every page and block is checked against its
 * trailer (type, signature, CRC, id) as it is read, and every B-tree page against its counts and
 * key order. Reads go to the file as needed; only the two B-tree indexes are held in memory.
 */
export class NdbReader {
  readonly header: PstHeader;
  readonly fileSize: number;
  readonly blocks = new Map<number, BlockEntry>();
  readonly nodes = new Map<number, NodeEntry>();
  /** Every B-tree page read, by offset, so that the allocation check can account for them. */
  readonly btreePages = new Set<number>();

  private constructor(private readonly fd: number) {
    this.fileSize = fstatSync(fd).size;
    this.header = this.readHeader();
    this.walkBTree(this.header.blockBTree, PageType.BlockBTree, undefined, (key, entry) => {
      this.blocks.set(key, {
        ib: readU64(entry, 8),
        cb: entry.readUInt16LE(16),
        refCount: entry.readUInt16LE(18),
      });
    });
    this.walkBTree(this.header.nodeBTree, PageType.NodeBTree, undefined, (key, entry) => {
      this.nodes.set(key, {
        bidData: readU64(entry, 8),
        bidSub: readU64(entry, 16),
        parentNid: entry.readUInt32LE(24),
      });
    });
  }

  static open(path: string): NdbReader {
    const fd = openSync(path, 'r');
    try {
      return new NdbReader(fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  readAt(offset: number, size: number): Buffer {
    if (offset + size > this.fileSize) {
      throw new PstFormatError(`read of ${size} bytes at ${offset} runs past the end of the file`);
    }
    const buf = Buffer.alloc(size);
    readSync(this.fd, buf, 0, size, offset);
    return buf;
  }

  private readHeader(): PstHeader {
    const h = this.readAt(0, 564);
    if (h.toString('latin1', 0, 4) !== '!BDN') throw new PstFormatError('header: bad magic');
    if (h.readUInt16LE(8) !== 0x4d53) throw new PstFormatError('header: bad client magic');
    const version = h.readUInt16LE(10);
    if (version !== 23) throw new PstFormatError(`header: version ${version} is not Unicode (23)`);
    if (pstCrc(h, 8, 8 + 471) !== h.readUInt32LE(4)) {
      throw new PstFormatError('header: partial CRC does not match');
    }
    if (pstCrc(h, 8, 8 + 516) !== h.readUInt32LE(524)) {
      throw new PstFormatError('header: full CRC does not match');
    }
    if (h[512] !== 0x80) throw new PstFormatError('header: sentinel is not 0x80');
    const nextNidIndex = Array.from({ length: 32 }, (_, i) => h.readUInt32LE(44 + i * 4));
    return {
      version,
      clientVersion: h.readUInt16LE(12),
      cryptMethod: h[513],
      bidNextPage: readU64(h, 32),
      unique: h.readUInt32LE(40),
      nextNidIndex,
      fileEof: readU64(h, 184),
      lastAmapOffset: readU64(h, 192),
      amapFreeBytes: readU64(h, 200),
      nodeBTree: { bid: readU64(h, 216), ib: readU64(h, 224) },
      blockBTree: { bid: readU64(h, 232), ib: readU64(h, 240) },
      amapValid: h[248],
      firstFreeMap: h.subarray(256, 384),
      bidNextBlock: readU64(h, 516),
    };
  }

  /** Reads one 512-byte page and checks its trailer; returns its 496 data bytes and id. */
  readPage(offset: number, type: PageType): { data: Buffer; bid: number } {
    if (offset % PAGE_SIZE !== 0) {
      throw new PstFormatError(`page at ${offset} is not aligned on ${PAGE_SIZE} bytes`);
    }
    const page = this.readAt(offset, PAGE_SIZE);
    const where = `${PageType[type]} page at ${offset}`;
    if (page[496] !== type || page[497] !== type) {
      throw new PstFormatError(`${where}: page type ${page[496]}/${page[497]}, expected ${type}`);
    }
    const bid = readU64(page, 504);
    const signature = page.readUInt16LE(498);
    const signed =
      type === PageType.BlockBTree || type === PageType.NodeBTree || type === PageType.DensityList;
    const expectedSignature = signed ? blockSignature(offset, bid) : 0;
    if (signature !== expectedSignature) {
      throw new PstFormatError(`${where}: signature ${signature}, expected ${expectedSignature}`);
    }
    if (pstCrc(page, 0, PAGE_DATA_SIZE) !== page.readUInt32LE(500)) {
      throw new PstFormatError(`${where}: CRC does not match`);
    }
    if (!signed && bid !== offset) {
      throw new PstFormatError(`${where}: trailer id ${bid} does not equal its offset`);
    }
    return { data: page.subarray(0, PAGE_DATA_SIZE), bid };
  }

  /**
   * Walks a B-tree depth first, checking per page: entry size and maximum for its level, a
   * level one below its parent's, keys strictly ascending across the whole tree, and a parent's
   * key equal to the first key of the page it points to.
   */
  private walkBTree(
    ref: BlockRef,
    type: PageType.BlockBTree | PageType.NodeBTree,
    expected: { level: number; firstKey: number } | undefined,
    visit: (key: number, entry: Buffer) => void,
    state = { lastKey: -1 },
  ): void {
    const { data, bid } = this.readPage(ref.ib, type);
    const where = `${PageType[type]} page at ${ref.ib}`;
    if (bid !== ref.bid) throw new PstFormatError(`${where}: id ${bid}, referenced as ${ref.bid}`);
    if (this.btreePages.has(ref.ib)) throw new PstFormatError(`${where}: referenced twice`);
    this.btreePages.add(ref.ib);
    const count = data[BTREE_ENTRIES_SIZE];
    const maxCount = data[BTREE_ENTRIES_SIZE + 1];
    const entrySize = data[BTREE_ENTRIES_SIZE + 2];
    const level = data[BTREE_ENTRIES_SIZE + 3];
    const expectedSize =
      level > 0
        ? BTREE_ENTRY_SIZE.branch
        : type === PageType.NodeBTree
          ? BTREE_ENTRY_SIZE.nodeLeaf
          : BTREE_ENTRY_SIZE.blockLeaf;
    if (entrySize !== expectedSize) {
      throw new PstFormatError(`${where}: entry size ${entrySize}, expected ${expectedSize}`);
    }
    if (maxCount !== Math.floor(BTREE_ENTRIES_SIZE / entrySize)) {
      throw new PstFormatError(`${where}: maximum entry count ${maxCount} is wrong`);
    }
    if (count > maxCount || (count === 0 && expected !== undefined)) {
      throw new PstFormatError(`${where}: ${count} entries`);
    }
    if (expected && level !== expected.level) {
      throw new PstFormatError(`${where}: level ${level}, expected ${expected.level}`);
    }
    for (let i = 0; i < count; i++) {
      const entry = data.subarray(i * entrySize, (i + 1) * entrySize);
      const key =
        type === PageType.NodeBTree && level === 0 ? entry.readUInt32LE(0) : readU64(entry, 0);
      if (i === 0 && expected && key !== expected.firstKey) {
        throw new PstFormatError(
          `${where}: first key ${key} differs from its parent's ${expected.firstKey}`,
        );
      }
      if (level > 0) {
        if (key <= state.lastKey && i > 0) throw new PstFormatError(`${where}: keys out of order`);
        this.walkBTree(
          { bid: readU64(entry, 8), ib: readU64(entry, 16) },
          type,
          { level: level - 1, firstKey: key },
          visit,
          state,
        );
      } else {
        if (key <= state.lastKey) throw new PstFormatError(`${where}: key ${key} out of order`);
        state.lastKey = key;
        visit(key, entry);
      }
    }
  }

  /** Reads a block by id, checking its trailer's size, signature, CRC and id. */
  readBlock(bid: number): Buffer {
    const entry = this.blocks.get(bid);
    if (!entry) throw new PstFormatError(`block ${bid} is not in the block B-tree`);
    const size = blockDiskSize(entry.cb);
    const raw = this.readAt(entry.ib, size);
    const trailer = raw.subarray(size - BLOCK_TRAILER_SIZE);
    const where = `block ${bid} at ${entry.ib}`;
    if (entry.ib % 64 !== 0) throw new PstFormatError(`${where}: not aligned on 64 bytes`);
    if (trailer.readUInt16LE(0) !== entry.cb)
      throw new PstFormatError(`${where}: size differs from its B-tree entry`);
    if (trailer.readUInt16LE(2) !== blockSignature(entry.ib, bid)) {
      throw new PstFormatError(`${where}: signature does not match`);
    }
    if (readU64(trailer, 8) !== bid) throw new PstFormatError(`${where}: trailer id differs`);
    const data = raw.subarray(0, entry.cb);
    if (pstCrc(data) !== trailer.readUInt32LE(4))
      throw new PstFormatError(`${where}: CRC does not match`);
    return data;
  }

  /** The data blocks of a node's data tree, in order (one block when the node is small). */
  dataBlocks(bid: number): Buffer[] {
    const block = this.readBlock(bid);
    if ((bid & BID_INTERNAL) === 0) return [block];
    if (block[0] !== XBLOCK_TYPE) throw new PstFormatError(`block ${bid}: not a data tree block`);
    const level = block[1];
    const count = block.readUInt16LE(2);
    const total = block.readUInt32LE(4);
    const blocks: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const child = readU64(block, 8 + i * 8);
      if (level === 1 && (child & BID_INTERNAL) !== 0) {
        throw new PstFormatError(`block ${bid}: a level-1 data tree points to an internal block`);
      }
      blocks.push(...(level === 1 ? [this.readBlock(child)] : this.dataBlocks(child)));
    }
    const actual = blocks.reduce((sum, b) => sum + b.length, 0);
    if (actual !== total)
      throw new PstFormatError(`block ${bid}: holds ${actual} bytes, says ${total}`);
    return blocks;
  }

  nodeData(bid: number): Buffer {
    return bid === 0 ? Buffer.alloc(0) : Buffer.concat(this.dataBlocks(bid));
  }

  /** The subnodes under a subnode tree block, by subnode id. */
  subnodes(bid: number, into = new Map<number, SubnodeEntry>()): Map<number, SubnodeEntry> {
    if (bid === 0) return into;
    const block = this.readBlock(bid);
    if (block[0] !== SLBLOCK_TYPE) throw new PstFormatError(`block ${bid}: not a subnode block`);
    const level = block[1];
    const count = block.readUInt16LE(2);
    let last = -1;
    for (let i = 0; i < count; i++) {
      if (level === 0) {
        const at = 8 + i * 24;
        const nid = block.readUInt32LE(at);
        if (nid <= last) throw new PstFormatError(`subnode block ${bid}: ids out of order`);
        last = nid;
        into.set(nid, { bidData: readU64(block, at + 8), bidSub: readU64(block, at + 16) });
      } else {
        this.subnodes(readU64(block, 8 + i * 16 + 8), into);
      }
    }
    return into;
  }

  /** Walks the internal blocks a node refers to: data tree blocks and subnode tree blocks. */
  blocksOfNode(bidData: number, bidSub: number, into: (bid: number) => void): void {
    const visitData = (bid: number): void => {
      if (bid === 0) return;
      into(bid);
      if ((bid & BID_INTERNAL) === 0) return;
      const block = this.readBlock(bid);
      const count = block.readUInt16LE(2);
      for (let i = 0; i < count; i++) visitData(readU64(block, 8 + i * 8));
    };
    const visitSub = (bid: number): void => {
      if (bid === 0) return;
      into(bid);
      const block = this.readBlock(bid);
      const level = block[1];
      const count = block.readUInt16LE(2);
      for (let i = 0; i < count; i++) {
        if (level === 0) {
          visitData(readU64(block, 8 + i * 24 + 8));
          visitSub(readU64(block, 8 + i * 24 + 16));
        } else {
          visitSub(readU64(block, 8 + i * 16 + 8));
        }
      }
    };
    visitData(bidData);
    visitSub(bidSub);
  }
}
