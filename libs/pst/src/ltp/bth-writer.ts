import { MAX_HEAP_ALLOCATION, type HeapWriter } from './heap-writer';

export const BTH_SIGNATURE = 0xb5;

/**
 * A B-tree-on-heap ([MS-PST] §2.3.2) built from records added in ascending key order: leaves
 * are written to the heap as they fill, index levels above them by `finish`.
 */
export class BTreeOnHeapWriter {
  private leaf: Buffer[] = [];
  private readonly leafCapacity: number;
  private readonly firstLevel: { key: Buffer; hid: number }[] = [];

  constructor(
    private readonly heap: HeapWriter,
    private readonly keySize: number,
    private readonly dataSize: number,
  ) {
    this.leafCapacity = Math.floor(MAX_HEAP_ALLOCATION / (keySize + dataSize));
  }

  async add(key: Buffer, data: Buffer): Promise<void> {
    this.leaf.push(Buffer.concat([key, data]));
    if (this.leaf.length === this.leafCapacity) await this.flushLeaf();
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
        const records = children.map(({ key, hid }) => {
          const hidBytes = Buffer.alloc(4);
          hidBytes.writeUInt32LE(hid);
          return Buffer.concat([key, hidBytes]);
        });
        parents.push({
          key: children[0].key,
          hid: await this.heap.allocate(Buffer.concat(records)),
        });
      }
      level = parents;
      indexLevels++;
    }
    const header = Buffer.alloc(8);
    header[0] = BTH_SIGNATURE;
    header[1] = this.keySize;
    header[2] = this.dataSize;
    header[3] = indexLevels;
    header.writeUInt32LE(level[0]?.hid ?? 0, 4);
    return this.heap.allocate(header);
  }

  private async flushLeaf(): Promise<void> {
    if (this.leaf.length === 0) return;
    const records = this.leaf;
    this.leaf = [];
    this.firstLevel.push({
      key: records[0].subarray(0, this.keySize),
      hid: await this.heap.allocate(Buffer.concat(records)),
    });
  }
}
