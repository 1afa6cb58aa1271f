import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pstCrc } from '../ndb/crc';
import { BLOCK_TRAILER_SIZE, blockDiskSize, FIRST_AMAP_OFFSET } from '../ndb/format';
import { writePst } from '../pst-writer';
import { variedMailbox } from '../testing/mailbox-fixtures';
import { NdbReader } from './ndb-reader';
import { validatePst } from './validate-pst';

/**
 * A good file written before the tests of a `describe`, with its layout read, and what the
 * validator says of a copy of it once `change` has altered the copy's bytes.
 */
function aGoodPst(prefix: string) {
  const pst = {} as { dir: string; path: string; layout: NdbReader };
  beforeAll(async () => {
    pst.dir = mkdtempSync(join(tmpdir(), prefix));
    pst.path = join(pst.dir, 'good.pst');
    await writePst(pst.path, variedMailbox());
    pst.layout = NdbReader.open(pst.path);
  });
  afterAll(() => {
    pst.layout.close();
    rmSync(pst.dir, { recursive: true, force: true });
  });
  const problemsOfChangedCopy = (change: (file: Buffer) => void): string[] => {
    const file = readFileSync(pst.path);
    change(file);
    const path = join(pst.dir, 'broken.pst');
    writeFileSync(path, file);
    return validatePst(path).problems;
  };
  return { pst, problemsOfChangedCopy };
}

/**
 * Each structural rule of the validator, shown to catch a file broken in just that way: a good
 * file is written, one thing in it is changed (checksums fixed up where the rule is not about
 * them), and the validator must name the problem.
 */
describe('validatePst', () => {
  const { pst, problemsOfChangedCopy: corrupt } = aGoodPst('pst-validate-');

  const fixPageCrc = (file: Buffer, ib: number) =>
    file.writeUInt32LE(pstCrc(file, ib, ib + 496), ib + 500);
  /** The first leaf page of a B-tree: follow each level's first entry down. */
  const firstLeafEntry = (rootIb: number) => {
    const file = readFileSync(pst.path);
    let ib = rootIb;
    while (file[ib + 491] > 0) ib = Number(file.readBigUInt64LE(ib + 16));
    return ib;
  };
  const someBlock = () => {
    const [bid, block] = [...pst.layout.blocks].find(([id]) => (id & 2) === 0)!;
    return { bid, ...block, trailer: block.ib + blockDiskSize(block.cb) - BLOCK_TRAILER_SIZE };
  };

  it('passes what the writer writes', () => {
    expect(validatePst(pst.path)).toMatchObject({ valid: true, problems: [] });
  });

  it('checks both header CRCs', () => {
    expect(corrupt((f) => (f[100] ^= 1))).toEqual(
      expect.arrayContaining([expect.stringContaining('partial CRC')]),
    );
    expect(corrupt((f) => (f[520] ^= 1))).toEqual(
      expect.arrayContaining([expect.stringContaining('full CRC')]),
    );
  });

  it('checks page signatures, page CRCs and map page ids', () => {
    const root = pst.layout.header.blockBTree.ib;
    expect(corrupt((f) => (f[root + 498] ^= 1))).toEqual([expect.stringContaining('signature')]);
    expect(corrupt((f) => (f[root + 10] ^= 1))).toEqual([
      expect.stringContaining('CRC does not match'),
    ]);
    expect(corrupt((f) => (f[FIRST_AMAP_OFFSET + 504] ^= 0x40))).toEqual(
      expect.arrayContaining([expect.stringContaining('does not equal its offset')]),
    );
  });

  it('checks block CRCs and signatures', () => {
    const block = someBlock();
    expect(corrupt((f) => (f[block.ib] ^= 1))).toEqual(
      expect.arrayContaining([expect.stringContaining('CRC does not match')]),
    );
    expect(corrupt((f) => (f[block.trailer + 2] ^= 1))).toEqual(
      expect.arrayContaining([expect.stringContaining('signature does not match')]),
    );
  });

  it('checks B-tree key order and entry counts', () => {
    const leaf = firstLeafEntry(pst.layout.header.nodeBTree.ib);
    const swapped = corrupt((f) => {
      const second = Buffer.from(f.subarray(leaf + 32, leaf + 64));
      f.copy(f, leaf + 32, leaf + 64, leaf + 96);
      second.copy(f, leaf + 64);
      fixPageCrc(f, leaf);
    });
    expect(swapped.join()).toContain('out of order');
    const overfull = corrupt((f) => {
      f[leaf + 488] = 16;
      fixPageCrc(f, leaf);
    });
    expect(overfull.join()).toContain('16 entries');
  });

  it('checks that the allocation map marks exactly what is in use', () => {
    const problems = corrupt((f) => {
      f[FIRST_AMAP_OFFSET + 40] ^= 0x80; // a block in use, marked free
      fixPageCrc(f, FIRST_AMAP_OFFSET);
    });
    expect(problems.join()).toContain('AMap at 17408 does not match');
  });

  it('checks the density list against the allocation maps', () => {
    const problems = corrupt((f) => {
      f.writeUInt32LE((f.readUInt32LE(0x4200 + 8) + (1 << 20)) >>> 0, 0x4200 + 8);
      fixPageCrc(f, 0x4200);
    });
    expect(problems.join()).toContain('density list');
  });

  it('checks block reference counts', () => {
    const leaf = firstLeafEntry(pst.layout.header.blockBTree.ib);
    const problems = corrupt((f) => {
      f.writeUInt16LE(5, leaf + 18);
      fixPageCrc(f, leaf);
    });
    expect(problems.join()).toContain('reference count 5, expected 2');
  });

  it('checks the nodes every PST must have', () => {
    const leaf = firstLeafEntry(pst.layout.header.nodeBTree.ib);
    const problems = corrupt((f) => {
      // The second node is the named-property map (0x61); renumber it 0x63.
      expect(f.readUInt32LE(leaf + 32)).toBe(0x61);
      f.writeUInt32LE(0x63, leaf + 32);
      fixPageCrc(f, leaf);
    });
    expect(problems).toContain('required node 61 is missing');
  });

  it('checks heaps: a freed slot must be counted and never referenced', () => {
    const store = pst.layout.nodes.get(0x21)!;
    const block = pst.layout.blocks.get(store.bidData)!;
    const problems = corrupt((f) => {
      const pageMap = block.ib + f.readUInt16LE(block.ib);
      f.writeUInt16LE(1, pageMap + 2); // cFree says one slot is free; none is
      const trailer = block.ib + blockDiskSize(block.cb) - BLOCK_TRAILER_SIZE;
      f.writeUInt32LE(pstCrc(f, block.ib, block.ib + block.cb), trailer + 4);
    });
    expect(problems.join()).toContain('free count 1, 0 freed slots');
  });
});

/**
 * The rules java-libpst (and every reader that assumes Outlook's layout) depends on, each shown
 * to catch a file broken in just that way: a good file is rearranged in place, sizes kept, and
 * the validator must name the problem.
 */
describe('validatePst on Outlook layout', () => {
  const { pst, problemsOfChangedCopy } = aGoodPst('pst-validate-layout-');

  const rewrite = (bid: number, change: (data: Buffer) => void): string[] =>
    problemsOfChangedCopy((file) => {
      const block = pst.layout.blocks.get(bid)!;
      const data = file.subarray(block.ib, block.ib + block.cb);
      change(data);
      const trailer = block.ib + blockDiskSize(block.cb) - BLOCK_TRAILER_SIZE;
      file.writeUInt32LE(pstCrc(data), trailer + 4);
    });

  /**
   * Swaps a heap block's first two allocations, keeping every other one where it is, and lets
   * `relink` point the heap at their new ids (0x20 is now the second, 0x40 the first).
   */
  function swapFirstAllocations(heap: Buffer, relink: (first: Buffer, second: Buffer) => void) {
    const pageMap = heap.readUInt16LE(0);
    const [a, b, c] = [0, 1, 2].map((i) => heap.readUInt16LE(pageMap + 4 + i * 2));
    const first = Buffer.from(heap.subarray(a, b));
    const second = Buffer.from(heap.subarray(b, c));
    relink(first, second);
    second.copy(heap, a);
    first.copy(heap, a + second.length);
    heap.writeUInt16LE(a + second.length, pageMap + 6);
  }

  it('passes what the writer writes', () => {
    expect(validatePst(pst.path).problems).toEqual([]);
  });

  it('wants a property context’s BTH header as the first heap allocation', () => {
    const store = pst.layout.nodes.get(0x21)!;
    const problems = rewrite(store.bidData, (heap) =>
      swapFirstAllocations(heap, (header) => {
        heap.writeUInt32LE(0x40, 4); // the user root is the header, now second
        header.writeUInt32LE(0x20, 4); // whose records are now first
      }),
    );
    expect(problems).toEqual([
      'node 21: property context: BTH header at heap id 0x40, not the first (0x20)',
    ]);
  });

  it('wants a table context’s row index header as the first heap allocation', () => {
    const hierarchy = pst.layout.nodes.get(0x12d)!; // the root folder's hierarchy table
    const problems = rewrite(hierarchy.bidData, (heap) =>
      swapFirstAllocations(heap, (_header, info) => {
        heap.writeUInt32LE(0x20, 4); // the user root is TCINFO, now first
        info.writeUInt32LE(0x40, 10); // and the row index header second
      }),
    );
    expect(problems).toEqual([
      'node 12d: table: row index header at heap id 0x40, not the first (0x20)',
    ]);
  });

  it('wants every row-matrix block but the last full', () => {
    // The 300-recipient table's rows fill several blocks; put its short last block first.
    const [messageNid, rowMatrix] = [...pst.layout.nodes]
      .filter(([nid]) => (nid & 0x1f) === 0x04)
      .flatMap(([nid, node]) => {
        const table = pst.layout.subnodes(node.bidSub).get(0x692)!;
        return [...pst.layout.subnodes(table.bidSub).values()].map((sub) => [nid, sub] as const);
      })
      .find(([, sub]) => (sub.bidData & 2) !== 0)!;
    const problems = rewrite(rowMatrix.bidData, (xblock) => {
      const last = 8 + (xblock.readUInt16LE(2) - 1) * 8;
      const firstBid = xblock.readBigUInt64LE(8);
      xblock.writeBigUInt64LE(xblock.readBigUInt64LE(last), 8);
      xblock.writeBigUInt64LE(firstBid, last);
    });
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^node ${messageNid.toString(16)} subnode 692: table: row-matrix block 0 holds \\d+ bytes; all but the last must hold 8176$`,
        ),
      ),
    ]);
  });

  it('wants the named-property map’s string stream, not an empty one', () => {
    const map = pst.layout.nodes.get(0x61)!;
    const problems = rewrite(map.bidData, (heap) => {
      // The property records are the heap's second allocation; empty the string stream (0x0004).
      const pageMap = heap.readUInt16LE(0);
      const [start, end] = [1, 2].map((i) => heap.readUInt16LE(pageMap + 4 + i * 2));
      for (let at = start; at < end; at += 8) {
        if (heap.readUInt16LE(at) === 0x0004) heap.writeUInt32LE(0, at + 4);
      }
    });
    expect(problems).toContain('named-property map: the string stream is empty');
  });
});
