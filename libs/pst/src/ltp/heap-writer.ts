import { writeTreeAbove } from '../ndb/data-tree-writer';
import { MAX_BLOCK_DATA } from '../ndb/format';
import type { NdbWriter } from '../ndb/ndb-writer';
import { HEAP_SIGNATURE, MAX_HEAP_ALLOCATION } from './format';
import { zeroed } from './property-types';

const MAX_ALLOCATIONS_PER_BLOCK = 2047;

/** Header sizes: HNHDR in block 0, HNBITMAPHDR in every 8th (8, 136, 264…), HNPAGEHDR otherwise. */
function headerSize(blockIndex: number): number {
  if (blockIndex === 0) return 12;
  return (blockIndex - 8) % 128 === 0 ? 66 : 2;
}

function isDeferred(blockIndex: number): boolean {
  return headerSize(blockIndex) !== 2;
}

/** [MS-PST] §2.3.1.5: a block's free space as a 4-bit level, 0 (lots free) to 15 (full). */
function fillLevel(free: number): number {
  const floors = [3584, 2560, 2048, 1792, 1536, 1280, 1024, 768, 512, 256, 128, 64, 32, 16, 8];
  const level = floors.findIndex((floor) => free >= floor);
  return level === -1 ? 15 : level;
}

interface OpenBlock {
  index: number;
  allocations: Buffer[];
  used: number;
}

/**
 * A heap-on-node ([MS-PST] §2.3.1) written as it fills: finished blocks go to the file at once,
 * except block 0 and the bitmap blocks, which carry fill levels of later blocks and so are kept
 * until `finish` (one block in 128).
 */
export class HeapWriter {
  private block: OpenBlock = { index: 0, allocations: [], used: 0 };
  private readonly leaves: { bid: number; size: number }[] = [];
  private readonly deferred = new Map<number, Buffer[]>();
  private readonly levels: number[] = [];
  private userRoot = 0;

  constructor(
    private readonly ndb: NdbWriter,
    private readonly clientSignature: number,
  ) {}

  async allocate(data: Buffer): Promise<number> {
    const hid = this.tryAllocate(data);
    if (hid !== undefined) return hid;
    await this.closeBlock();
    return this.tryAllocate(data) as number;
  }

  /**
   * `allocate` without waiting, for the usual case of room in the open block; undefined when the
   * block must be written first.
   */
  tryAllocate(data: Buffer): number | undefined {
    if (data.length === 0 || data.length > MAX_HEAP_ALLOCATION) {
      throw new RangeError(`heap allocation of ${data.length} bytes`);
    }
    if (!this.fits(data.length)) return undefined;
    this.block.allocations.push(data);
    this.block.used += data.length;
    return (this.block.index << 16) | (this.block.allocations.length << 5);
  }

  /**
   * Reserves an allocation that is filled in later (a BTH header, a TCINFO), so that it can come
   * first as in Outlook's files: only while block 0, which is laid out last, is still open.
   */
  reserve(size: number): { hid: number; bytes: Buffer } {
    if (this.block.index !== 0 || !this.fits(size)) {
      throw new RangeError('heap: reservations must fit the first block');
    }
    const bytes = zeroed(size);
    this.block.allocations.push(bytes);
    this.block.used += size;
    return { hid: (this.block.allocations.length << 5) >>> 0, bytes };
  }

  setUserRoot(hid: number): void {
    this.userRoot = hid;
  }

  /** Writes the remaining blocks and returns the id of the node's data. */
  async finish(): Promise<number> {
    await this.closeBlock();
    for (const [index, allocations] of this.deferred) {
      this.leaves[index] = await this.writeLaidOut(index, allocations);
    }
    return writeTreeAbove(this.ndb, this.leaves);
  }

  private fits(size: number): boolean {
    const { index, allocations, used } = this.block;
    if (allocations.length >= MAX_ALLOCATIONS_PER_BLOCK) return false;
    const pageMap = 4 + 2 * (allocations.length + 2);
    return headerSize(index) + used + size + 1 + pageMap <= MAX_BLOCK_DATA;
  }

  private async closeBlock(): Promise<void> {
    const { index, allocations, used } = this.block;
    const size = headerSize(index) + used + 1 + 4 + 2 * (allocations.length + 1);
    this.levels[index] = fillLevel(MAX_BLOCK_DATA - size);
    if (isDeferred(index)) {
      this.deferred.set(index, allocations);
      this.leaves[index] = { bid: 0, size: 0 };
    } else {
      this.leaves[index] = await this.writeLaidOut(index, allocations);
    }
    this.block = { index: index + 1, allocations: [], used: 0 };
  }

  /**
   * Writes one block, laid out straight into the output: header, allocations, then the page map
   * at an even offset.
   */
  private async writeLaidOut(
    index: number,
    allocations: Buffer[],
  ): Promise<{ bid: number; size: number }> {
    const header = headerSize(index);
    let end = header;
    for (const allocation of allocations) end += allocation.length;
    const pageMapAt = end + (end % 2);
    const size = pageMapAt + 4 + 2 * (allocations.length + 1);
    const bid = await this.ndb.writeBlockWith(size, false, (data) => {
      data.fill(0, 0, header);
      data.writeUInt16LE(pageMapAt, 0);
      if (index === 0) {
        data[2] = HEAP_SIGNATURE;
        data[3] = this.clientSignature;
        data.writeUInt32LE(this.userRoot, 4);
        this.writeLevels(data, 8, 0, 8);
      } else {
        this.writeLevels(data, 2, index, 128);
      }
      let at = header;
      data.writeUInt16LE(allocations.length, pageMapAt);
      data.writeUInt16LE(0, pageMapAt + 2); // no freed slots
      for (let i = 0; i < allocations.length; i++) {
        data.writeUInt16LE(at, pageMapAt + 4 + i * 2);
        allocations[i].copy(data, at);
        at += allocations[i].length;
      }
      if (end !== pageMapAt) data[end] = 0;
      data.writeUInt16LE(at, pageMapAt + 4 + allocations.length * 2);
    });
    return { bid, size };
  }

  private writeLevels(data: Buffer, offset: number, first: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const level = this.levels[first + i] ?? 0;
      data[offset + (i >> 1)] |= i % 2 === 0 ? level : level << 4;
    }
  }
}
