import { MAX_BLOCK_DATA } from '../ndb/format';
import type { HeapReader, TableContents } from './ltp-reader';

/** The heap id of a heap's first allocation. */
export const FIRST_HEAP_ALLOCATION = 0x20;

/**
 * [MS-PST] lets a heap-on-node hold its allocations in any order, but Outlook writes a property
 * context's BTH header as its first allocation, and java-libpst reads the header from there
 * without looking at the user root.
 */
export function propertyContextLayoutProblems(heap: HeapReader): string[] {
  return heap.userRoot === FIRST_HEAP_ALLOCATION
    ? []
    : [`property context: BTH header at heap id ${hex(heap.userRoot)}, not the first (0x20)`];
}

/**
 * A table context's row index header must likewise come first (Outlook puts TCINFO after it),
 * and every block of a row matrix but the last must be full, 8,176 bytes of whole rows and
 * padding ([MS-PST] §2.3.4.4): readers find row N in block N / (rows per block) by taking every
 * earlier block to be full, and drop or misread the rows after a short one.
 */
export function tableContextLayoutProblems(table: TableContents): string[] {
  const problems: string[] = [];
  if (table.rowIndexHid !== FIRST_HEAP_ALLOCATION) {
    problems.push(
      `table: row index header at heap id ${hex(table.rowIndexHid)}, not the first (0x20)`,
    );
  }
  table.rowMatrixBlockSizes.slice(0, -1).forEach((size, i) => {
    if (size !== MAX_BLOCK_DATA) {
      problems.push(
        `table: row-matrix block ${i} holds ${size} bytes; all but the last must hold ${MAX_BLOCK_DATA}`,
      );
    }
  });
  return problems;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
