import { ClientSignature } from '../ltp/format';
import {
  AMAP_COVERAGE,
  BLOCK_ALIGNMENT,
  blockDiskSize,
  DENSITY_LIST_OFFSET,
  FIRST_AMAP_OFFSET,
  mapPagesOfInterval,
  NidType,
  nidTypeOf,
  PAGE_DATA_SIZE,
  PAGE_SIZE,
  PageType,
} from '../ndb/format';
import { propertyContextLayoutProblems, tableContextLayoutProblems } from './heap-layout-check';
import { HeapReader, readPropertyContext, readTableContext } from './ltp-reader';
import { checkNameToIdMap } from './name-to-id-map-check';
import { NdbReader, PstFormatError, type SubnodeEntry } from './ndb-reader';

export interface PstValidationReport {
  valid: boolean;
  problems: string[];
  nodes: number;
  blocks: number;
}

/** Nodes [MS-PST] §2.7.1 requires of every PST. */
export const REQUIRED_NODES = [
  0x21, 0x61, 0x122, 0x12d, 0x12e, 0x12f, 0x1e1, 0x201, 0x60d, 0x60e, 0x60f, 0x610, 0x671, 0x692,
];

const TABLE_TYPES = [
  NidType.HierarchyTable,
  NidType.ContentsTable,
  NidType.AssociatedContentsTable,
  NidType.SearchContentsTable,
  NidType.AttachmentTable,
  NidType.RecipientTable,
];

const STORE_ENTRY_IDS = [0x35e0, 0x35e3, 0x35e7];

/**
 * Checks a PST against the structural rules of [MS-PST] that lenient readers skip: header and
 * per-page/per-block CRCs and signatures, B-tree order and counts, that the allocation maps mark
 * exactly the pages and blocks in use, the density list, block reference counts, the mandatory
 * nodes, that every folder, message, attachment and table parses at the LTP layer with its BTH
 * header first and full row-matrix blocks (Outlook's layout, which java-libpst relies on), and
 * the named-property map.
 */
export function validatePst(path: string): PstValidationReport {
  const problems: string[] = [];
  let ndb: NdbReader;
  try {
    ndb = NdbReader.open(path);
  } catch (error) {
    return { valid: false, problems: [describe(error)], nodes: 0, blocks: 0 };
  }
  try {
    const check = (rule: () => void) => {
      try {
        rule();
      } catch (error) {
        problems.push(describe(error));
      }
    };
    check(() => checkHeader(ndb));
    check(() => checkBlocksAndReferences(ndb, problems));
    check(() => checkAllocation(ndb, problems));
    check(() => checkRequiredNodes(ndb, problems));
    if (ndb.header.cryptMethod === 0) {
      check(() => checkLtp(ndb, problems));
      check(() => checkNamedProperties(ndb, problems));
    }
    return {
      valid: problems.length === 0,
      problems,
      nodes: ndb.nodes.size,
      blocks: ndb.blocks.size,
    };
  } finally {
    ndb.close();
  }
}

function describe(error: unknown): string {
  if (error instanceof PstFormatError) return error.message;
  return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
}

function checkHeader(ndb: NdbReader): void {
  const { header } = ndb;
  if (header.fileEof !== ndb.fileSize) {
    throw new PstFormatError(`header: file size ${header.fileEof}, actual ${ndb.fileSize}`);
  }
  if (header.cryptMethod > 2)
    throw new PstFormatError(`header: unknown crypt method ${header.cryptMethod}`);
  if (header.amapValid !== 2)
    throw new PstFormatError(`header: allocation maps marked invalid (${header.amapValid})`);
  let maxBlockId = 0;
  for (const bid of ndb.blocks.keys()) maxBlockId = Math.max(maxBlockId, bid);
  if (header.bidNextBlock <= maxBlockId)
    throw new PstFormatError('header: next block id is already in use');
  for (const nid of ndb.nodes.keys()) {
    if (nid >>> 5 > header.nextNidIndex[nidTypeOf(nid)]) {
      throw new PstFormatError(`header: node ${nid} has an index above its type's counter`);
    }
  }
}

/** Every block reads cleanly and is referenced as often as its count says (plus the B-tree's). */
function checkBlocksAndReferences(ndb: NdbReader, problems: string[]): void {
  const references = new Map<number, number>();
  for (const [nid, node] of ndb.nodes) {
    try {
      ndb.blocksOfNode(node.bidData, node.bidSub, (bid) =>
        references.set(bid, (references.get(bid) ?? 0) + 1),
      );
    } catch (error) {
      problems.push(`node ${nid}: ${describe(error)}`);
    }
  }
  for (const [bid, block] of ndb.blocks) {
    try {
      ndb.readBlock(bid);
    } catch (error) {
      problems.push(describe(error));
    }
    const count = references.get(bid) ?? 0;
    if (count === 0) problems.push(`block ${bid} is not referenced by any node`);
    else if (block.refCount !== count + 1)
      problems.push(`block ${bid}: reference count ${block.refCount}, expected ${count + 1}`);
  }
}

/** The AMaps must mark exactly the map pages, B-tree pages and blocks in use, and nothing else. */
function checkAllocation(ndb: NdbReader, problems: string[]): void {
  const intervals = Math.ceil((ndb.fileSize - FIRST_AMAP_OFFSET) / AMAP_COVERAGE);
  const expected = Array.from({ length: intervals }, () => Buffer.alloc(PAGE_DATA_SIZE));
  const mark = (offset: number, size: number) => {
    for (let at = offset; at < offset + size; at += BLOCK_ALIGNMENT) {
      const interval = Math.floor((at - FIRST_AMAP_OFFSET) / AMAP_COVERAGE);
      const bit = (at - FIRST_AMAP_OFFSET - interval * AMAP_COVERAGE) / BLOCK_ALIGNMENT;
      if (interval >= intervals)
        throw new PstFormatError(`data at ${at} lies beyond the file's end`);
      if (expected[interval][bit >> 3] & (0x80 >> (bit & 7)))
        throw new PstFormatError(`two structures overlap at ${at}`);
      expected[interval][bit >> 3] |= 0x80 >> (bit & 7);
    }
  };
  for (let index = 0; index < intervals; index++) {
    for (const page of mapPagesOfInterval(index)) {
      ndb.readPage(page.offset, page.type);
      mark(page.offset, PAGE_SIZE);
    }
  }
  for (const offset of ndb.btreePages) mark(offset, PAGE_SIZE);
  for (const block of ndb.blocks.values()) mark(block.ib, blockDiskSize(block.cb));
  let freeSlots = 0;
  const freeByInterval: number[] = [];
  for (let index = 0; index < intervals; index++) {
    const offset = FIRST_AMAP_OFFSET + index * AMAP_COVERAGE;
    const actual = ndb.readPage(offset, PageType.AllocationMap).data;
    if (!actual.equals(expected[index])) {
      problems.push(`AMap at ${offset} does not match the pages and blocks in use`);
    }
    let free = 0;
    for (let bit = 0; bit < PAGE_DATA_SIZE * 8; bit++)
      if (!(actual[bit >> 3] & (0x80 >> (bit & 7)))) free++;
    freeByInterval.push(free);
    freeSlots += free;
  }
  if (ndb.header.lastAmapOffset !== FIRST_AMAP_OFFSET + (intervals - 1) * AMAP_COVERAGE) {
    problems.push(`header: last AMap offset ${ndb.header.lastAmapOffset} is wrong`);
  }
  if (ndb.header.amapFreeBytes !== freeSlots * BLOCK_ALIGNMENT) {
    problems.push(
      `header: free space ${ndb.header.amapFreeBytes}, the AMaps say ${freeSlots * BLOCK_ALIGNMENT}`,
    );
  }
  const densityList = ndb.readPage(DENSITY_LIST_OFFSET, PageType.DensityList).data;
  const entries = densityList.readUIntLE(1, 3);
  for (let i = 0; i < entries; i++) {
    const entry = densityList.readUInt32LE(8 + i * 4);
    const page = entry & 0xfffff;
    const free = entry >>> 20;
    if (page >= intervals)
      problems.push(`density list: entry ${i} names AMap ${page}, which does not exist`);
    else if (free !== freeByInterval[page])
      problems.push(
        `density list: AMap ${page} has ${freeByInterval[page]} free slots, listed as ${free}`,
      );
  }
}

function checkRequiredNodes(ndb: NdbReader, problems: string[]): void {
  for (const nid of REQUIRED_NODES) {
    if (!ndb.nodes.has(nid)) problems.push(`required node ${nid.toString(16)} is missing`);
  }
  if (ndb.header.cryptMethod !== 0) return;
  const store = ndb.nodes.get(0x21);
  if (!store) return;
  const properties = readPropertyContext(
    ndb,
    ndb.dataBlocks(store.bidData),
    ndb.subnodes(store.bidSub),
  );
  for (const id of STORE_ENTRY_IDS) {
    const entryId = properties.get(id)?.bytes;
    if (!entryId || entryId.length !== 24) {
      problems.push(`message store: entry id ${id.toString(16)} is missing`);
      continue;
    }
    const folder = entryId.readUInt32LE(20);
    for (const nid of [
      folder,
      (folder & ~0x1f) | 0x0d,
      (folder & ~0x1f) | 0x0e,
      (folder & ~0x1f) | 0x0f,
    ]) {
      if (!ndb.nodes.has(nid))
        problems.push(
          `message store: entry id ${id.toString(16)} leads to missing node ${nid.toString(16)}`,
        );
    }
  }
}

/**
 * Every folder and message parses as a property context, and every table as a table context,
 * each laid out as Outlook lays it out.
 */
function checkLtp(ndb: NdbReader, problems: string[]): void {
  for (const [nid, node] of ndb.nodes) {
    const type = nidTypeOf(nid);
    const where = `node ${nid.toString(16)}`;
    try {
      if (node.bidData === 0) continue;
      const blocks = ndb.dataBlocks(node.bidData);
      const subnodes = ndb.subnodes(node.bidSub);
      if (
        [NidType.NormalFolder, NidType.NormalMessage, NidType.Internal].includes(type) &&
        new HeapReader(blocks).clientSignature === ClientSignature.propertyContext
      ) {
        checkPropertyContext(ndb, blocks, subnodes, where, problems);
      }
      if (TABLE_TYPES.includes(type)) checkTableContext(ndb, blocks, subnodes, where, problems);
      if (type === NidType.NormalMessage) checkMessageSubnodes(ndb, subnodes, where, problems);
    } catch (error) {
      problems.push(`${where}: ${describe(error)}`);
    }
  }
}

/** A message's recipient and attachment tables and attachments, attached messages included. */
function checkMessageSubnodes(
  ndb: NdbReader,
  subnodes: Map<number, SubnodeEntry>,
  where: string,
  problems: string[],
): void {
  for (const [nid, sub] of subnodes) {
    const at = `${where} subnode ${nid.toString(16)}`;
    if (nid === 0x692 || nid === 0x671) {
      checkTableContext(ndb, ndb.dataBlocks(sub.bidData), ndb.subnodes(sub.bidSub), at, problems);
    }
    if (nidTypeOf(nid) !== NidType.Attachment) continue;
    const attachmentSubnodes = ndb.subnodes(sub.bidSub);
    checkPropertyContext(ndb, ndb.dataBlocks(sub.bidData), attachmentSubnodes, at, problems);
    for (const [embeddedNid, embedded] of attachmentSubnodes) {
      if (nidTypeOf(embeddedNid) !== NidType.NormalMessage) continue;
      const inner = `${at} message ${embeddedNid.toString(16)}`;
      const embeddedSubnodes = ndb.subnodes(embedded.bidSub);
      checkPropertyContext(
        ndb,
        ndb.dataBlocks(embedded.bidData),
        embeddedSubnodes,
        inner,
        problems,
      );
      checkMessageSubnodes(ndb, embeddedSubnodes, inner, problems);
    }
  }
}

function checkPropertyContext(
  ndb: NdbReader,
  blocks: Buffer[],
  subnodes: Map<number, SubnodeEntry>,
  where: string,
  problems: string[],
): void {
  readPropertyContext(ndb, blocks, subnodes);
  for (const problem of propertyContextLayoutProblems(new HeapReader(blocks)))
    problems.push(`${where}: ${problem}`);
}

function checkTableContext(
  ndb: NdbReader,
  blocks: Buffer[],
  subnodes: Map<number, SubnodeEntry>,
  where: string,
  problems: string[],
): void {
  for (const problem of tableContextLayoutProblems(readTableContext(ndb, blocks, subnodes)))
    problems.push(`${where}: ${problem}`);
}

function checkNamedProperties(ndb: NdbReader, problems: string[]): void {
  const map = ndb.nodes.get(0x61);
  if (!map) return;
  const properties = readPropertyContext(
    ndb,
    ndb.dataBlocks(map.bidData),
    ndb.subnodes(map.bidSub),
  );
  problems.push(...checkNameToIdMap(properties));
}
