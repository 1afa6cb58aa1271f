import { SLBLOCK_TYPE, writeU64 } from './format';
import type { NdbWriter } from './ndb-writer';

export interface SubnodeRecord {
  nid: number;
  bidData: number;
  bidSub: number;
}

/** SLBLOCKs hold (8,176 − 8) / 24 = 340 entries; SIBLOCKs (8,176 − 8) / 16 = 510. */
const LEAF_ENTRIES = 340;
const BRANCH_ENTRIES = 510;

/** Writes a node's subnode tree ([MS-PST] §2.2.2.8.3.3) and returns its block id (0 if none). */
export async function writeSubnodeTree(ndb: NdbWriter, subnodes: SubnodeRecord[]): Promise<number> {
  if (subnodes.length === 0) return 0;
  const sorted = [...subnodes].sort((a, b) => a.nid - b.nid);
  const leaves: { nid: number; bid: number }[] = [];
  for (let start = 0; start < sorted.length; start += LEAF_ENTRIES) {
    const entries = sorted.slice(start, start + LEAF_ENTRIES);
    const block = header(0, entries.length, 24);
    entries.forEach((entry, i) => {
      block.writeUInt32LE(entry.nid, 8 + i * 24);
      writeU64(block, 16 + i * 24, entry.bidData);
      writeU64(block, 24 + i * 24, entry.bidSub);
    });
    leaves.push({ nid: entries[0].nid, bid: await ndb.writeBlock(block, true) });
  }
  if (leaves.length === 1) return leaves[0].bid;
  if (leaves.length > BRANCH_ENTRIES) throw new RangeError('too many subnodes in one node');
  const branch = header(1, leaves.length, 16);
  leaves.forEach((leaf, i) => {
    branch.writeUInt32LE(leaf.nid, 8 + i * 16);
    writeU64(branch, 16 + i * 16, leaf.bid);
  });
  return ndb.writeBlock(branch, true);
}

function header(level: number, count: number, entrySize: number): Buffer {
  const block = Buffer.alloc(8 + count * entrySize);
  block[0] = SLBLOCK_TYPE;
  block[1] = level;
  block.writeUInt16LE(count, 2);
  return block;
}
