import { MAX_BLOCK_DATA, writeU64, XBLOCK_TYPE } from './format';
import type { NdbWriter } from './ndb-writer';

/** Data-tree blocks (XBLOCK, XXBLOCK) hold up to this many block ids: (8,176 − 8) / 8. */
const IDS_PER_TREE_BLOCK = 1021;

/**
 * Streams a node's data into 8,176-byte blocks and, when there is more than one, the XBLOCK
 * (and XXBLOCK) tree above them ([MS-PST] §2.2.2.8.3.2). Holds at most one block of data.
 */
export class DataTreeWriter {
  /** Made on first use; what follows `pendingLength` in it is not cleared. */
  private pendingBuffer?: Buffer;
  private pendingLength = 0;
  private readonly leaves: { bid: number; size: number }[] = [];

  /**
   * `blockCapacity` below 8,176 keeps records whole per block, as table rows must be; every block
   * but the last is then padded with zeros to the full 8,176 bytes, because readers find row N
   * at block N / (rows per block) by taking every block before it to be full ([MS-PST] §2.3.4.4).
   */
  constructor(
    private readonly ndb: NdbWriter,
    private readonly blockCapacity = MAX_BLOCK_DATA,
  ) {}

  private get pending(): Buffer {
    this.pendingBuffer ??= Buffer.allocUnsafe(MAX_BLOCK_DATA);
    return this.pendingBuffer;
  }

  /**
   * `write` without waiting, for data that fits the pending block (a table row); false, writing
   * nothing, when a block must go out first.
   */
  writeNow(data: Buffer): boolean {
    if (this.pendingLength + data.length > this.blockCapacity || this.pendingLength === 0) {
      return false;
    }
    data.copy(this.pending, this.pendingLength);
    this.pendingLength += data.length;
    return true;
  }

  async write(data: Buffer): Promise<void> {
    let at = 0;
    // Whole blocks of a large value go straight out, without passing through the buffer.
    while (
      this.pendingLength === 0 &&
      this.blockCapacity === MAX_BLOCK_DATA &&
      data.length - at >= this.blockCapacity
    ) {
      const block = data.subarray(at, at + this.blockCapacity);
      this.leaves.push({ bid: await this.ndb.writeBlock(block), size: block.length });
      at += this.blockCapacity;
    }
    while (at < data.length) {
      // A full block goes out once more data follows it, so the last block is never padded.
      if (this.pendingLength === this.blockCapacity) await this.emit(MAX_BLOCK_DATA);
      const take = Math.min(this.blockCapacity - this.pendingLength, data.length - at);
      data.copy(this.pending, this.pendingLength, at, at + take);
      this.pendingLength += take;
      at += take;
    }
  }

  /** Writes what is left; returns the id of the node's data (0 when there was none). */
  async finish(): Promise<number> {
    if (this.pendingLength > 0) await this.emit(this.pendingLength);
    return writeTreeAbove(this.ndb, this.leaves);
  }

  /** Writes the pending bytes as one block of `size` bytes (zeros after the data). */
  private async emit(size: number): Promise<void> {
    const pending = this.pending;
    const length = this.pendingLength;
    const bid = await this.ndb.writeBlockWith(size, false, (target) => {
      pending.copy(target, 0, 0, length);
      target.fill(0, length);
    });
    this.leaves.push({ bid, size });
    this.pendingLength = 0;
  }
}

/** Writes the XBLOCK/XXBLOCK levels above data blocks given in order; returns the root's id. */
export async function writeTreeAbove(
  ndb: NdbWriter,
  leaves: { bid: number; size: number }[],
): Promise<number> {
  if (leaves.length === 0) return 0;
  let level = leaves;
  for (let depth = 1; level.length > 1; depth++) {
    const parents: { bid: number; size: number }[] = [];
    for (let start = 0; start < level.length; start += IDS_PER_TREE_BLOCK) {
      const children = level.slice(start, start + IDS_PER_TREE_BLOCK);
      const total = children.reduce((sum, child) => sum + child.size, 0);
      const block = Buffer.alloc(8 + children.length * 8);
      block[0] = XBLOCK_TYPE;
      block[1] = depth;
      block.writeUInt16LE(children.length, 2);
      block.writeUInt32LE(total, 4);
      children.forEach((child, i) => writeU64(block, 8 + i * 8, child.bid));
      parents.push({ bid: await ndb.writeBlock(block, true), size: total });
    }
    level = parents;
    if (depth === 2 && level.length > 1) throw new RangeError('node data larger than a PST allows');
  }
  return level[0].bid;
}

/** Writes a whole buffer as a node's data, block by block straight from the buffer. */
export async function writeNodeData(ndb: NdbWriter, data: Buffer): Promise<number> {
  const leaves: { bid: number; size: number }[] = [];
  for (let at = 0; at < data.length; at += MAX_BLOCK_DATA) {
    const block = data.subarray(at, Math.min(at + MAX_BLOCK_DATA, data.length));
    leaves.push({ bid: await ndb.writeBlock(block), size: block.length });
  }
  return writeTreeAbove(ndb, leaves);
}
