import { type FileHandle, open } from 'node:fs/promises';

import { AppendAllocator, type ClosedInterval, intervalBase } from './allocation-map';
import { pstCrc } from './crc';
import {
  BID_INTERNAL,
  BID_STEP,
  BLOCK_ALIGNMENT,
  BLOCK_TRAILER_SIZE,
  blockDiskSize,
  blockSignature,
  BTREE_ENTRIES_SIZE,
  BTREE_ENTRY_SIZE,
  CLIENT_FILE_VERSION,
  CRYPT_NONE,
  DENSITY_LIST_OFFSET,
  HEADER_SIZE,
  mapPagesOfInterval,
  MAX_BLOCK_DATA,
  PAGE_DATA_SIZE,
  PAGE_SIZE,
  PageType,
  readU64,
  UNICODE_FILE_VERSION,
  writeU64,
} from './format';
import { OutputFile } from './output-file';
import { RecordSpill } from './record-spill';

export interface NodeEntry {
  nid: number;
  bidData: number;
  bidSub: number;
  parentNid: number;
}

/** Every block is referenced once by its owner; [MS-PST] counts the B-tree's own reference too. */
const BLOCK_REFERENCE_COUNT = 2;
const DENSITY_LIST_MAX_ENTRIES = 119;
const AMAP_VALID = 0x02;

/**
 * The node database layer of an append-only Unicode PST: blocks go to the file as they are
 * written; the block and node B-trees, the last allocation map, the density list and the header
 * are written by `finish`. Memory holds 24 bytes per block and 32 per node, never their data.
 */
export class NdbWriter {
  private readonly allocator = new AppendAllocator();
  /** Nodes that arrive in id order (messages) go to a file; the rest wait in memory. */
  private readonly nodes: NodeEntry[] = [];
  private lastSpilledNid = 0;
  private readonly nidIndexHigh: number[] = new Array<number>(32).fill(0);
  private readonly intervals: { freeSlots: number; longestFreeRun: number }[] = [];
  private nextBlockId = BID_STEP;
  private nextPageId = 1;
  private end = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly output: OutputFile,
    private readonly blockEntries: RecordSpill,
    private readonly nodeEntries: RecordSpill,
  ) {}

  static async create(path: string): Promise<NdbWriter> {
    const handle = await open(path, 'w');
    const writer = new NdbWriter(
      handle,
      new OutputFile(handle, 0),
      await RecordSpill.create(`${path}.blocks.tmp`, BTREE_ENTRY_SIZE.blockLeaf),
      await RecordSpill.create(`${path}.nodes.tmp`, BTREE_ENTRY_SIZE.nodeLeaf),
    );
    await writer.writeMapPagesOf(0);
    return writer;
  }

  /** Bytes of the file so far, for progress and for splitting at a size. */
  get size(): number {
    return this.end;
  }

  /** Writes one block (payload at most 8,176 bytes) and returns its id. */
  writeBlock(data: Buffer, internal = false): Promise<number> {
    return this.writeBlockWith(data.length, internal, (target) => data.copy(target));
  }

  /**
   * Writes one block of `size` bytes that `fill` lays out in place (in the output buffer, so the
   * bytes are not copied again; `fill` must set every byte it is given), and returns its id.
   */
  async writeBlockWith(
    size: number,
    internal: boolean,
    fill: (target: Buffer) => void,
  ): Promise<number> {
    if (size > MAX_BLOCK_DATA) throw new RangeError(`block of ${size} bytes`);
    const bid = this.nextBlockId | (internal ? BID_INTERNAL : 0);
    this.nextBlockId += BID_STEP;
    const diskSize = blockDiskSize(size);
    // Most blocks neither close an interval nor fill the output window: no await for them.
    const offset = this.allocator.allocate(diskSize, BLOCK_ALIGNMENT);
    this.end = offset + diskSize;
    if (this.allocator.hasClosed) await this.writeClosedIntervals();
    const slot =
      this.output.trySlot(offset, diskSize) ?? (await this.output.slot(offset, diskSize));
    const data = slot.subarray(0, size);
    fill(data);
    const trailer = diskSize - BLOCK_TRAILER_SIZE;
    slot.fill(0, size, trailer);
    slot.writeUInt16LE(size, trailer);
    slot.writeUInt16LE(blockSignature(offset, bid), trailer + 2);
    this.output.crcLater(offset, size, offset + trailer + 4);
    writeU64(slot, trailer + 8, bid);
    // Block ids only grow, so entries reach the spill file already in B-tree order.
    const at = this.blockEntries.append();
    const entry = this.blockEntries.current;
    writeU64(entry, at, bid);
    writeU64(entry, at + 8, offset);
    entry.writeUInt16LE(size, at + 16);
    entry.writeUInt16LE(BLOCK_REFERENCE_COUNT, at + 18);
    return bid;
  }

  async addNode(node: NodeEntry): Promise<void> {
    const type = node.nid & 0x1f;
    this.nidIndexHigh[type] = Math.max(this.nidIndexHigh[type], node.nid >>> 5);
    if (node.nid > this.lastSpilledNid) {
      this.lastSpilledNid = node.nid;
      const at = this.nodeEntries.append();
      writeNodeEntry(this.nodeEntries.current.subarray(at, at + BTREE_ENTRY_SIZE.nodeLeaf), node);
    } else {
      this.nodes.push(node);
    }
  }

  /**
   * Writes the B-trees, the last allocation map, free maps, density list and header, and closes
   * the file. `nextNidIndex` is the header's rgnid: per NID type, the next unused index.
   */
  async finish(store: { nextNidIndex: number[] }): Promise<void> {
    const inMemory = this.nodes
      .sort((a, b) => a.nid - b.nid)
      .map((node) => writeNodeEntry(Buffer.alloc(BTREE_ENTRY_SIZE.nodeLeaf), node));
    const nodeKey = (entries: Buffer, at: number) => entries.readUInt32LE(at);
    const nodeBTree = await this.writeBTree(
      PageType.NodeBTree,
      mergeByKey(this.nodeEntries.chunks(), inMemory, BTREE_ENTRY_SIZE.nodeLeaf, nodeKey),
      nodeKey,
    );
    const blockBTree = await this.writeBTree(
      PageType.BlockBTree,
      this.blockEntries.chunks(),
      (entries, at) => readU64(entries, at),
    );
    await this.blockEntries.dispose();
    await this.nodeEntries.dispose();
    const { closed, fileEnd, intervals } = this.allocator.finish();
    await this.writeAllocationMap(closed);
    await this.output.drain();
    await this.handle.truncate(fileEnd);
    await this.writeFreeMaps(intervals);
    await this.writeDensityList();
    await this.writeHeader({
      ...store,
      nodeBTree,
      blockBTree,
      fileEnd,
      lastAmap: intervalBase(intervals - 1),
    });
    await this.handle.close();
  }

  /** Gives up on the file: closes it without a header, so no reader mistakes it for a PST. */
  async abort(): Promise<void> {
    await this.output.abort();
    await this.handle.close();
    await this.blockEntries.dispose();
    await this.nodeEntries.dispose();
  }

  private async allocate(size: number, alignment: number): Promise<number> {
    const offset = this.allocator.allocate(size, alignment);
    this.end = offset + size;
    await this.writeClosedIntervals();
    return offset;
  }

  private async writeClosedIntervals(): Promise<void> {
    for (const interval of this.allocator.takeClosed()) {
      await this.writeAllocationMap(interval);
      await this.writeMapPagesOf(interval.index + 1);
    }
  }

  private async writeAllocationMap(interval: ClosedInterval): Promise<void> {
    // Only the counts stay (for the FMaps, density list and header): 496 bytes of bits per
    // 254 KB of file would make memory grow with the mailbox.
    const { freeSlots, longestFreeRun } = interval;
    this.intervals[interval.index] = { freeSlots, longestFreeRun };
    await this.output.write(
      intervalBase(interval.index),
      mapPage(PageType.AllocationMap, intervalBase(interval.index), interval.bits),
    );
  }

  /** PMaps and FPMaps are deprecated: every page in them is marked used, as Outlook does. */
  private async writeMapPagesOf(index: number): Promise<void> {
    for (const page of mapPagesOfInterval(index)) {
      if (page.type === PageType.PageMap || page.type === PageType.FreePageMap) {
        await this.output.write(
          page.offset,
          mapPage(page.type, page.offset, Buffer.alloc(PAGE_DATA_SIZE, 0xff)),
        );
      }
    }
  }

  /** FMap pages hold, per AMap, its longest free run; they are written once every AMap is known. */
  private async writeFreeMaps(intervals: number): Promise<void> {
    for (let index = 0; index < intervals; index++) {
      for (const page of mapPagesOfInterval(index)) {
        if (page.type !== PageType.FreeMap) continue;
        const bits = Buffer.alloc(PAGE_DATA_SIZE);
        for (let i = 0; i < PAGE_DATA_SIZE && index + i < intervals; i++) {
          bits[i] = Math.min(255, this.intervals[index + i].longestFreeRun);
        }
        await this.handle.write(mapPage(page.type, page.offset, bits), 0, PAGE_SIZE, page.offset);
      }
    }
  }

  private async writeDensityList(): Promise<void> {
    const page = Buffer.alloc(PAGE_SIZE);
    const byFreeSpace = this.intervals
      .map((interval, index) => ({ index, freeSlots: interval.freeSlots }))
      .sort((a, b) => b.freeSlots - a.freeSlots)
      .slice(0, DENSITY_LIST_MAX_ENTRIES);
    page[0] = 0x01; // DFL_BACKFILL_COMPLETE: nothing is being moved
    page.writeUIntLE(byFreeSpace.length, 1, 3);
    page.writeUInt32LE(this.intervals.length - 1, 4);
    byFreeSpace.forEach((entry, i) =>
      page.writeUInt32LE(((entry.freeSlots << 20) | entry.index) >>> 0, 8 + i * 4),
    );
    const bid = this.nextPageId++;
    writeTrailer(page, PageType.DensityList, blockSignature(DENSITY_LIST_OFFSET, bid), bid);
    await this.handle.write(page, 0, PAGE_SIZE, DENSITY_LIST_OFFSET);
  }

  /**
   * Builds a B-tree bottom up from leaf entries streamed in key order (in chunks of whole
   * entries): each full leaf page is written at once; only the (fifteen or twenty times smaller)
   * levels above wait in memory.
   */
  private async writeBTree(
    type: PageType.BlockBTree | PageType.NodeBTree,
    chunks: AsyncIterable<Buffer>,
    keyOf: (entries: Buffer, at: number) => number,
  ): Promise<{ bid: number; ib: number }> {
    const leafSize =
      type === PageType.NodeBTree ? BTREE_ENTRY_SIZE.nodeLeaf : BTREE_ENTRY_SIZE.blockLeaf;
    const perLeaf = Math.floor(BTREE_ENTRIES_SIZE / leafSize);
    let level: { key: number; bid: number; ib: number }[] = [];
    let page = Buffer.alloc(PAGE_SIZE);
    let count = 0;
    const flushLeaf = async () => {
      const key = count > 0 ? keyOf(page, 0) : 0;
      level.push(await this.writeBTreePage(type, 0, leafSize, count, key, page));
      page = Buffer.alloc(PAGE_SIZE);
      count = 0;
    };
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += leafSize) {
        chunk.copy(page, count * leafSize, at, at + leafSize);
        if (++count === perLeaf) await flushLeaf();
      }
    }
    if (count > 0 || level.length === 0) await flushLeaf();
    const perBranch = Math.floor(BTREE_ENTRIES_SIZE / BTREE_ENTRY_SIZE.branch);
    for (let depth = 1; level.length > 1; depth++) {
      const parents: typeof level = [];
      for (let start = 0; start < level.length; start += perBranch) {
        const children = level.slice(start, start + perBranch);
        const branch = Buffer.alloc(PAGE_SIZE);
        children.forEach((child, i) => {
          writeU64(branch, i * BTREE_ENTRY_SIZE.branch, child.key);
          writeU64(branch, i * BTREE_ENTRY_SIZE.branch + 8, child.bid);
          writeU64(branch, i * BTREE_ENTRY_SIZE.branch + 16, child.ib);
        });
        parents.push(
          await this.writeBTreePage(
            type,
            depth,
            BTREE_ENTRY_SIZE.branch,
            children.length,
            children[0].key,
            branch,
          ),
        );
      }
      level = parents;
    }
    return { bid: level[0].bid, ib: level[0].ib };
  }

  /** Writes a B-tree page whose `count` entries are in place in `page`. */
  private async writeBTreePage(
    type: PageType,
    level: number,
    entrySize: number,
    count: number,
    firstKey: number,
    page: Buffer,
  ): Promise<{ key: number; bid: number; ib: number }> {
    page[BTREE_ENTRIES_SIZE] = count;
    page[BTREE_ENTRIES_SIZE + 1] = Math.floor(BTREE_ENTRIES_SIZE / entrySize);
    page[BTREE_ENTRIES_SIZE + 2] = entrySize;
    page[BTREE_ENTRIES_SIZE + 3] = level;
    const bid = this.nextPageId++;
    const ib = await this.allocate(PAGE_SIZE, PAGE_SIZE);
    writeTrailer(page, type, blockSignature(ib, bid), bid);
    await this.output.write(ib, page);
    return { key: firstKey, bid, ib };
  }

  private async writeHeader(fields: {
    nextNidIndex: number[];
    nodeBTree: { bid: number; ib: number };
    blockBTree: { bid: number; ib: number };
    fileEnd: number;
    lastAmap: number;
  }): Promise<void> {
    const h = Buffer.alloc(HEADER_SIZE);
    h.write('!BDN', 0, 'latin1');
    h.writeUInt16LE(0x4d53, 8);
    h.writeUInt16LE(UNICODE_FILE_VERSION, 10);
    h.writeUInt16LE(CLIENT_FILE_VERSION, 12);
    h[14] = 0x01;
    h[15] = 0x01;
    writeU64(h, 32, this.nextPageId);
    h.writeUInt32LE(1, 40);
    // rgnid: per NID type, an index at least as high as any in use (Outlook stores the last used).
    const highest = fields.nextNidIndex.map((next, type) =>
      Math.max(next, this.nidIndexHigh[type]),
    );
    highest.forEach((index, type) => h.writeUInt32LE(index, 44 + type * 4));
    writeU64(h, 184, fields.fileEnd);
    writeU64(h, 192, fields.lastAmap);
    const freeSlots = this.intervals.reduce((sum, interval) => sum + interval.freeSlots, 0);
    writeU64(h, 200, freeSlots * BLOCK_ALIGNMENT);
    writeU64(h, 216, fields.nodeBTree.bid);
    writeU64(h, 224, fields.nodeBTree.ib);
    writeU64(h, 232, fields.blockBTree.bid);
    writeU64(h, 240, fields.blockBTree.ib);
    h[248] = AMAP_VALID;
    for (let i = 0; i < 128; i++)
      h[256 + i] = i < this.intervals.length ? Math.min(255, this.intervals[i].longestFreeRun) : 0;
    h.fill(0xff, 384, 512);
    h[512] = 0x80;
    h[513] = CRYPT_NONE;
    writeU64(h, 516, this.nextBlockId);
    h.writeUInt32LE(pstCrc(h, 8, 8 + 471), 4);
    h.writeUInt32LE(pstCrc(h, 8, 8 + 516), 524);
    await this.handle.write(h, 0, HEADER_SIZE, 0);
  }
}

function writeNodeEntry(entry: Buffer, node: NodeEntry): Buffer {
  entry.writeUInt32LE(node.nid, 0);
  writeU64(entry, 8, node.bidData);
  writeU64(entry, 16, node.bidSub);
  entry.writeUInt32LE(node.parentNid, 24);
  return entry;
}

/**
 * Merges entries spilled in key order (in chunks of whole entries) with entries held in memory
 * in key order, into chunks in key order.
 */
async function* mergeByKey(
  spilled: AsyncIterable<Buffer>,
  held: Buffer[],
  entrySize: number,
  keyOf: (entries: Buffer, at: number) => number,
): AsyncGenerator<Buffer> {
  let next = 0;
  for await (const chunk of spilled) {
    const merged: Buffer[] = [];
    let from = 0;
    for (let at = 0; at < chunk.length; at += entrySize) {
      const key = keyOf(chunk, at);
      if (next < held.length && keyOf(held[next], 0) < key) {
        merged.push(chunk.subarray(from, at));
        from = at;
        while (next < held.length && keyOf(held[next], 0) < key) merged.push(held[next++]);
      }
    }
    merged.push(chunk.subarray(from));
    yield Buffer.concat(merged);
  }
  if (next < held.length) yield Buffer.concat(held.slice(next));
}

function writeTrailer(page: Buffer, type: PageType, signature: number, bid: number): void {
  page[PAGE_DATA_SIZE] = type;
  page[PAGE_DATA_SIZE + 1] = type;
  page.writeUInt16LE(signature, PAGE_DATA_SIZE + 2);
  page.writeUInt32LE(pstCrc(page, 0, PAGE_DATA_SIZE), PAGE_DATA_SIZE + 4);
  writeU64(page, PAGE_DATA_SIZE + 8, bid);
}

/** An AMap, PMap, FMap or FPMap page: no signature, and its id is its own offset. */
function mapPage(type: PageType, offset: number, bits: Buffer): Buffer {
  const page = Buffer.alloc(PAGE_SIZE);
  bits.copy(page, 0, 0, PAGE_DATA_SIZE);
  writeTrailer(page, type, 0, offset);
  return page;
}
