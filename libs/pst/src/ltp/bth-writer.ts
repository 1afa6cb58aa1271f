import { ClientSignature, MAX_HEAP_ALLOCATION } from './format';
import type { HeapWriter } from './heap-writer';

/**
 * A B-tree-on-heap ([MS-PST] §2.3.2) built from records added in ascending key order. Its
 * BTHHEADER is reserved when the tree is made, so that a fresh heap has it as its first
 * allocation (HID 0x20), where Outlook puts it and where java-libpst looks for it; leaves are
 * written to the heap as they fill, index levels above them by `finish`.
 */
export class BTreeOnHeapWriter {
  private readonly recordSize: number;
  /** Records not yet written; made on first use (many trees never get a record). */
  private leafBuffer?: Buffer;
  private leafCount = 0;
  private readonly leafCapacity: number;
  private readonly firstLevel: { key: Buffer; hid: number }[] = [];
  private readonly header: { hid: number; bytes: Buffer };

  constructor(
    private readonly heap: HeapWriter,
    private readonly keySize: number,
    private readonly dataSize: number,
  ) {
    this.recordSize = keySize + dataSize;
    this.leafCapacity = Math.floor(MAX_HEAP_ALLOCATION / this.recordSize);
    this.header = heap.reserve(8);
  }

  /** Records are copied out before they are written, so unzeroed memory does for them. */
  private get leaf(): Buffer {
    this.leafBuffer ??= Buffer.allocUnsafe(this.leafCapacity * this.recordSize);
    return this.leafBuffer;
  }

  /** The BTHHEADER's heap id. */
  get headerHid(): number {
    return this.header.hid;
  }

  async add(key: Buffer, data: Buffer): Promise<void> {
    const at = this.leafCount * this.recordSize;
    const leaf = this.leaf;
    key.copy(leaf, at);
    data.copy(leaf, at + this.keySize);
    if (++this.leafCount === this.leafCapacity) await this.flushLeaf();
  }

  /**
   * Adds a record from a 32-bit key and a 32-bit value (a table's row index) without waiting;
   * returns true when the leaf is full, and `flush` must then be awaited before the next record.
   */
  addUInt32Now(key: number, value: number): boolean {
    const at = this.leafCount * this.recordSize;
    const leaf = this.leaf;
    leaf.writeUInt32LE(key >>> 0, at);
    leaf.writeUInt32LE(value >>> 0, at + 4);
    return ++this.leafCount === this.leafCapacity;
  }

  /** Writes the records added so far as a leaf. */
  flush(): Promise<void> {
    return this.flushLeaf();
  }

  /**
   * Reserves the single leaf of a tree of `count` records right after the header, ahead of the
   * values the records point to (Outlook's order for a property context), and returns its bytes
   * to fill in key order; undefined when the records need more than one leaf or there are none.
   */
  reserveLeaf(count: number): Buffer | undefined {
    if (count === 0 || count > this.leafCapacity || this.firstLevel.length > 0) return undefined;
    const { hid, bytes } = this.heap.reserve(count * this.recordSize);
    this.firstLevel.push({ key: bytes.subarray(0, this.keySize), hid });
    return bytes;
  }

  /** Adds records already laid out (key then data, in key order) one after another. */
  async addRecords(records: Buffer): Promise<void> {
    const leaf = this.leaf;
    for (let at = 0; at < records.length; at += this.recordSize) {
      records.copy(leaf, this.leafCount * this.recordSize, at, at + this.recordSize);
      if (++this.leafCount === this.leafCapacity) await this.flushLeaf();
    }
  }

  /** Fills in the BTHHEADER and returns its heap id. */
  async finish(): Promise<number> {
    await this.flushLeaf();
    let level = this.firstLevel;
    let indexLevels = 0;
    const perIndex = Math.floor(MAX_HEAP_ALLOCATION / (this.keySize + 4));
    while (level.length > 1) {
      const parents: typeof level = [];
      for (let start = 0; start < level.length; start += perIndex) {
        const children = level.slice(start, start + perIndex);
        const records = Buffer.alloc(children.length * (this.keySize + 4));
        children.forEach(({ key, hid }, i) => {
          key.copy(records, i * (this.keySize + 4));
          records.writeUInt32LE(hid, i * (this.keySize + 4) + this.keySize);
        });
        parents.push({ key: children[0].key, hid: await this.heap.allocate(records) });
      }
      level = parents;
      indexLevels++;
    }
    const header = this.header.bytes;
    header[0] = ClientSignature.bTreeOnHeap;
    header[1] = this.keySize;
    header[2] = this.dataSize;
    header[3] = indexLevels;
    header.writeUInt32LE(level[0]?.hid ?? 0, 4);
    return this.header.hid;
  }

  private async flushLeaf(): Promise<void> {
    if (this.leafCount === 0 || !this.leafBuffer) return;
    const length = this.leafCount * this.recordSize;
    // A full leaf is handed to the heap as it is; a partial one (the last) is copied out.
    const records =
      length === this.leafBuffer.length
        ? this.leafBuffer
        : Buffer.from(this.leafBuffer.subarray(0, length));
    if (records === this.leafBuffer) this.leafBuffer = undefined;
    this.leafCount = 0;
    this.firstLevel.push({
      key: records.subarray(0, this.keySize),
      hid: await this.heap.allocate(records),
    });
  }
}
