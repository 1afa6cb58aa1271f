import { writeNodeData } from '../ndb/data-tree-writer';
import { NidType, makeNid } from '../ndb/format';
import type { NdbWriter } from '../ndb/ndb-writer';
import { writeSubnodeTree, type SubnodeRecord } from '../ndb/subnode-tree';

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

  /** Writes a value too large for the heap as a subnode of its own; returns its id. */
  async addValue(data: Buffer): Promise<number> {
    const nid = this.newNid(NidType.Ltp);
    this.records.push({ nid, bidData: await writeNodeData(this.ndb, data), bidSub: 0 });
    return nid;
  }

  add(record: SubnodeRecord): void {
    this.records.push(record);
  }
}
