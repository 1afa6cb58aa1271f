import { DataTreeWriter } from '../ndb/data-tree-writer';
import { MAX_BLOCK_DATA, NidType } from '../ndb/format';
import type { NdbWriter } from '../ndb/ndb-writer';
import { BTreeOnHeapWriter } from './bth-writer';
import { ClientSignature, MAX_HEAP_ALLOCATION } from './format';
import { HeapWriter } from './heap-writer';
import { type Properties, storeValue, storeValueNow } from './property-context-writer';
import {
  encodeValue,
  PropertyType,
  tableCellSize,
  typeOfTag,
  writeFixedValue,
  zeroed,
} from './property-types';
import type { SubnodeCollector } from './subnode-collector';

export const ROW_ID_TAG = 0x67f20003;
export const ROW_VERSION_TAG = 0x67f30003;

const layouts = new WeakMap<readonly number[], RowLayout>();

interface RowLayout {
  layout: ColumnLayout[];
  rowSize: number;
  groupEnds: number[];
}

/**
 * Where each column sits in a row ([MS-PST] §2.3.4.4): row id and version first, then 8- and
 * 4-byte values, then 2-byte, then 1-byte, then the cell existence bitmap. Computed once per
 * column list.
 */
function layoutOf(columns: readonly number[]): RowLayout {
  const known = layouts.get(columns);
  if (known) return known;
  const tags = [ROW_ID_TAG, ROW_VERSION_TAG, ...columns];
  const bySize = (sizes: number[]) =>
    tags.filter((tag) => sizes.includes(tableCellSize(typeOfTag(tag))));
  let offset = 0;
  const layout: ColumnLayout[] = [];
  const groupEnds: number[] = [];
  for (const group of [bySize([8, 4]), bySize([2]), bySize([1])]) {
    for (const tag of group) {
      const size = tableCellSize(typeOfTag(tag));
      layout.push({ tag, type: typeOfTag(tag), offset, size, bit: tags.indexOf(tag) });
      offset += size;
    }
    groupEnds.push(offset);
  }
  const rowSize = offset + Math.ceil(tags.length / 8);
  groupEnds.push(rowSize);
  const computed = { layout, rowSize, groupEnds };
  layouts.set(columns, computed);
  return computed;
}

interface ColumnLayout {
  tag: number;
  type: PropertyType;
  offset: number;
  size: number;
  bit: number;
}

/**
 * Writes a table context ([MS-PST] §2.3.4) row by row. Row values and the row index go to the
 * heap as they come; rows stay in memory while they fit one heap allocation, then stream into a
 * subnode whose blocks hold whole rows.
 */
export class TableContextWriter {
  private readonly heap: HeapWriter;
  private readonly layout: ColumnLayout[];
  private readonly rowSize: number;
  private readonly groupEnds: number[];
  private readonly rowIndex: BTreeOnHeapWriter;
  private rows = 0;
  private lastRowId = -1;
  private bufferedRows: Buffer[] = [];
  private rowMatrix?: DataTreeWriter;
  private rowMatrixNid = 0;
  private readonly info: { hid: number; bytes: Buffer };

  constructor(
    private readonly ndb: NdbWriter,
    columns: readonly number[],
    private readonly subnodes: SubnodeCollector,
  ) {
    this.heap = new HeapWriter(ndb, ClientSignature.tableContext);
    // Outlook's layout, which java-libpst relies on: the row index's BTHHEADER first (0x20),
    // then TCINFO (0x40), then row index leaves, values and rows as they come.
    this.rowIndex = new BTreeOnHeapWriter(this.heap, 4, 4);
    const { layout, rowSize, groupEnds } = layoutOf(columns);
    this.layout = layout;
    this.rowSize = rowSize;
    this.groupEnds = groupEnds;
    this.info = this.heap.reserve(22 + layout.length * 8);
  }

  /** Writes the tree of the table's own subnodes (row matrix, large values); call after finish. */
  subnodeTree(): Promise<number> {
    return this.subnodes.writeTree();
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * Adds a row. Row ids must grow (message and folder ids are handed out in order), so that the
   * row index streams into the heap instead of being held and sorted.
   */
  async addRow(rowId: number, values: Properties): Promise<void> {
    if (rowId <= this.lastRowId) throw new RangeError(`table row ${rowId} is out of order`);
    this.lastRowId = rowId;
    const row = zeroed(this.rowSize);
    const cellBitmapAt = this.groupEnds[2];
    for (const column of this.layout) {
      const value =
        column.tag === ROW_ID_TAG
          ? rowId
          : column.tag === ROW_VERSION_TAG
            ? 0
            : values.get(column.tag);
      if (value === undefined) continue;
      // Fixed-size values sit in the row; others are an HNID there ([MS-PST] §2.3.4.4).
      if (!writeFixedValue(column.type, value, row, column.offset)) {
        const encoded = encodeValue(column.type, value);
        const hnid =
          storeValueNow(this.heap, encoded) ??
          (await storeValue(this.heap, this.subnodes, encoded));
        row.writeUInt32LE(hnid, column.offset);
      }
      row[cellBitmapAt + (column.bit >> 3)] |= 0x80 >> (column.bit & 7);
    }
    if (this.rowIndex.addUInt32Now(rowId, this.rows++)) await this.rowIndex.flush();
    if (!this.rowMatrix && (this.bufferedRows.length + 1) * this.rowSize <= MAX_HEAP_ALLOCATION) {
      this.bufferedRows.push(row);
    } else {
      await this.appendRow(row);
    }
  }

  /** Writes the row index, TCINFO and heap; returns the id of the node's data. */
  async finish(): Promise<number> {
    const rowIndexHid = await this.rowIndex.finish();
    let rowsHnid = 0;
    if (this.rowMatrix) {
      this.subnodes.add({
        nid: this.rowMatrixNid,
        bidData: await this.rowMatrix.finish(),
        bidSub: 0,
      });
      rowsHnid = this.rowMatrixNid;
    } else if (this.bufferedRows.length > 0) {
      rowsHnid = await this.heap.allocate(Buffer.concat(this.bufferedRows));
    }
    const sortedColumns = [...this.layout].sort((a, b) => a.tag - b.tag);
    const info = this.info.bytes;
    info[0] = ClientSignature.tableContext;
    info[1] = sortedColumns.length;
    this.groupEnds.forEach((end, i) => info.writeUInt16LE(end, 2 + i * 2));
    info.writeUInt32LE(rowIndexHid, 10);
    info.writeUInt32LE(rowsHnid, 14);
    sortedColumns.forEach((column, i) => {
      info.writeUInt32LE(column.tag, 22 + i * 8);
      info.writeUInt16LE(column.offset, 26 + i * 8);
      info[28 + i * 8] = column.size;
      info[29 + i * 8] = column.bit;
    });
    this.heap.setUserRoot(this.info.hid);
    return this.heap.finish();
  }

  private async appendRow(row: Buffer): Promise<void> {
    if (!this.rowMatrix && (this.bufferedRows.length + 1) * this.rowSize <= MAX_HEAP_ALLOCATION) {
      this.bufferedRows.push(row);
      return;
    }
    if (!this.rowMatrix) {
      const rowsPerBlock = Math.floor(MAX_BLOCK_DATA / this.rowSize);
      this.rowMatrix = new DataTreeWriter(this.ndb, rowsPerBlock * this.rowSize);
      this.rowMatrixNid = this.subnodes.newNid(NidType.Ltp);
      for (const buffered of this.bufferedRows) await this.rowMatrix.write(buffered);
      this.bufferedRows = [];
    }
    if (!this.rowMatrix.writeNow(row)) await this.rowMatrix.write(row);
  }
}
