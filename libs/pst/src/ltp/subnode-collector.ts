import { writeNodeData } from '../ndb/data-tree-writer';
import { makeNid, NidType, XBLOCK_TYPE } from '../ndb/format';
import type { NdbWriter } from '../ndb/ndb-writer';
import { type SubnodeRecord, writeSubnodeTree } from '../ndb/subnode-tree';

/** The subnodes one node gathers while it is written: large values, tables, attachments. */
export class SubnodeCollector {
  readonly records: SubnodeRecord[] = [];

  /**
   * Nested collectors (an attachment's, a table's) share one counter with the message above
   * them: subnode ids then never repeat within a message, which readers that flatten the
   * subnode trees (libpst) rely on.
   */
  constructor(
    private readonly ndb: NdbWriter,
    private readonly counter = { next: 1 },
  ) {}

  child(): SubnodeCollector {
    return new SubnodeCollector(this.ndb, this.counter);
  }

  newNid(type: NidType): number {
    return makeNid(type, this.counter.next++);
  }

  /** Writes the subnode tree of what was collected; 0 when nothing was. */
  async writeTree(): Promise<number> {
    return writeSubnodeTree(this.ndb, this.records);
  }

  /**
   * Writes a value as a subnode of its own (one too large for the heap); returns its id. An empty
   * value is an XBLOCK with no entries: a data block may not be empty (Microsoft's crate rejects
   * a block trailer with cb 0), and a subnode with no data at all is one readpst cannot find.
   */
  async addValue(data: Buffer): Promise<number> {
    const nid = this.newNid(NidType.Ltp);
    const bidData =
      data.length === 0
        ? await this.ndb.writeBlock(Buffer.from([XBLOCK_TYPE, 1, 0, 0, 0, 0, 0, 0]), true)
        : await writeNodeData(this.ndb, data);
    this.records.push({ nid, bidData, bidSub: 0 });
    return nid;
  }

  add(record: SubnodeRecord): void {
    this.records.push(record);
  }
}
