import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pstCrc } from '../ndb/crc';
import { BLOCK_TRAILER_SIZE, FIRST_AMAP_OFFSET, blockDiskSize } from '../ndb/format';
import { writePst } from '../pst-writer';
import { variedMailbox } from '../testing/mailbox-fixtures';
import { NdbReader } from './ndb-reader';
import { validatePst } from './validate-pst';

/**
 * Each structural rule of the validator, shown to catch a file broken in just that way: a good
 * file is written, one thing in it is changed (checksums fixed up where the rule is not about
 * them), and the validator must name the problem.
 */
describe('validatePst', () => {
  let dir: string;
  let good: string;
  let layout: NdbReader;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pst-validate-'));
    good = join(dir, 'good.pst');
    await writePst(good, variedMailbox());
    layout = NdbReader.open(good);
  });
  afterAll(() => {
    layout.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function corrupt(change: (file: Buffer) => void): string[] {
    const file = readFileSync(good);
    change(file);
    const path = join(dir, 'broken.pst');
    writeFileSync(path, file);
    return validatePst(path).problems;
  }

  const fixPageCrc = (file: Buffer, ib: number) =>
    file.writeUInt32LE(pstCrc(file, ib, ib + 496), ib + 500);
  /** The first leaf page of a B-tree: follow each level's first entry down. */
  const firstLeafEntry = (rootIb: number) => {
    const file = readFileSync(good);
    let ib = rootIb;
    while (file[ib + 491] > 0) ib = Number(file.readBigUInt64LE(ib + 16));
    return ib;
  };
  const someBlock = () => {
    const [bid, block] = [...layout.blocks].find(([id]) => (id & 2) === 0)!;
    return { bid, ...block, trailer: block.ib + blockDiskSize(block.cb) - BLOCK_TRAILER_SIZE };
  };

  it('passes what the writer writes', () => {
    expect(validatePst(good)).toMatchObject({ valid: true, problems: [] });
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
    const root = layout.header.blockBTree.ib;
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
    const leaf = firstLeafEntry(layout.header.nodeBTree.ib);
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
    const leaf = firstLeafEntry(layout.header.blockBTree.ib);
    const problems = corrupt((f) => {
      f.writeUInt16LE(5, leaf + 18);
      fixPageCrc(f, leaf);
    });
    expect(problems.join()).toContain('reference count 5, expected 2');
  });

  it('checks the nodes every PST must have', () => {
    const leaf = firstLeafEntry(layout.header.nodeBTree.ib);
    const problems = corrupt((f) => {
      // The second node is the named-property map (0x61); renumber it 0x63.
      expect(f.readUInt32LE(leaf + 32)).toBe(0x61);
      f.writeUInt32LE(0x63, leaf + 32);
      fixPageCrc(f, leaf);
    });
    expect(problems).toContain('required node 61 is missing');
  });

  it('checks heaps: a freed slot must be counted and never referenced', () => {
    const store = layout.nodes.get(0x21)!;
    const block = layout.blocks.get(store.bidData)!;
    const problems = corrupt((f) => {
      const pageMap = block.ib + f.readUInt16LE(block.ib);
      f.writeUInt16LE(1, pageMap + 2); // cFree says one slot is free; none is
      const trailer = block.ib + blockDiskSize(block.cb) - BLOCK_TRAILER_SIZE;
      f.writeUInt32LE(pstCrc(f, block.ib, block.ib + block.cb), trailer + 4);
    });
    expect(problems.join()).toContain('free count 1, 0 freed slots');
  });
});
