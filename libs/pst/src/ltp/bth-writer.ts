import { ClientSignature, MAX_HEAP_ALLOCATION } from './format';
import type { HeapWriter } from './heap-writer';

/**
 * A B-tree-on-heap ([MS-PST] §2.3.2) built from records added in ascending key order: leaves
 * are written to the heap as they fill, index levels above them by `finish`.
 */
export class BTreeOnHeapWriter {
  private readonly recordSize: number;
  private readonly leaf: Buffer;
  private leafCount = 0;
  private readonly leafCapacity: number;
  private readonly firstLevel: { key: Buffer; hid: number }[] = [];

  constructor(
    private readonly heap: HeapWriter,
    private readonly keySize: number,
    dataSize: number,
  ) {
    this.recordSize = keySize + dataSize;
    this.leafCapacity = Math.floor(MAX_HEAP_ALLOCATION / this.recordSize);
    this.leaf = Buffer.alloc(this.leafCapacity * this.recordSize);
    this.dataSize = dataSize;
  }

  private readonly dataSize: number;

  async add(key: Buffer, data: Buffer): Promise<void> {
    const at = this.leafCount * this.recordSize;
    key.copy(this.leaf, at);
    data.copy(this.leaf, at + this.keySize);
    if (++this.leafCount === this.leafCapacity) await this.flushLeaf();
  }

  /** Adds records already laid out (key then data, in key order) one after another. */
  async addRecords(records: Buffer): Promise<void> {
    for (let at = 0; at < records.length; at += this.recordSize) {
      records.copy(this.leaf, this.leafCount * this.recordSize, at, at + this.recordSize);
      if (++this.leafCount === this.leafCapacity) await this.flushLeaf();
    }
  }

  /** Writes the BTHHEADER and returns its heap id. */
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
    const header = Buffer.alloc(8);
    header[0] = ClientSignature.bTreeOnHeap;
    header[1] = this.keySize;
    header[2] = this.dataSize;
    header[3] = indexLevels;
    header.writeUInt32LE(level[0]?.hid ?? 0, 4);
    return this.heap.allocate(header);
  }

  private async flushLeaf(): Promise<void> {
    if (this.leafCount === 0) return;
    const records = Buffer.from(this.leaf.subarray(0, this.leafCount * this.recordSize));
    this.leafCount = 0;
    this.firstLevel.push({
      key: records.subarray(0, this.keySize),
      hid: await this.heap.allocate(records),
    });
  }
}
