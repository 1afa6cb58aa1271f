import type { NdbWriter } from '../ndb/ndb-writer';
import { BTreeOnHeapWriter } from './bth-writer';
import { ClientSignature, MAX_HEAP_ALLOCATION } from './format';
import { HeapWriter } from './heap-writer';
import {
  encodeValue,
  idOfTag,
  isInlineInPropertyContext,
  type PropertyValue,
  typeOfTag,
  writeFixedValue,
  zeroed,
} from './property-types';
import type { SubnodeCollector } from './subnode-collector';

/** Properties by tag; undefined values are left out. */
export type Properties = Map<number, PropertyValue | undefined>;

/**
 * Writes a property context ([MS-PST] §2.3.3): a heap whose B-tree maps each property id to its
 * type and value; small values sit in the record, others on the heap or, above 3,580 bytes, in a
 * subnode. An empty value of a tag in `emptyInSubnode` is a subnode with an empty data tree
 * instead of HNID 0 (see `SubnodeCollector.addValue`). Returns the id of the node's data.
 */
export async function writePropertyContext(
  ndb: NdbWriter,
  properties: Properties,
  subnodes: SubnodeCollector,
  emptyInSubnode: ReadonlySet<number> = new Set(),
): Promise<number> {
  const heap = new HeapWriter(ndb, ClientSignature.propertyContext);
  const tree = new BTreeOnHeapWriter(heap, 2, 6);
  const tags = [...properties.keys()]
    .filter((tag) => properties.get(tag) !== undefined)
    .sort((a, b) => idOfTag(a) - idOfTag(b));
  // Outlook's layout: BTHHEADER (0x20), the records (0x40), then the values they point to.
  const reserved = tree.reserveLeaf(tags.length);
  const records = reserved ?? zeroed(tags.length * 8);
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    const type = typeOfTag(tag);
    const value = properties.get(tag) as PropertyValue;
    const at = i * 8;
    records.writeUInt16LE(idOfTag(tag), at);
    records.writeUInt16LE(type, at + 2);
    if (isInlineInPropertyContext(type)) writeFixedValue(type, value, records, at + 4);
    else {
      const encoded = encodeValue(type, value);
      const hnid =
        encoded.length === 0 && emptyInSubnode.has(tag)
          ? await subnodes.addValue(encoded)
          : (storeValueNow(heap, encoded) ?? (await storeValue(heap, subnodes, encoded)));
      records.writeUInt32LE(hnid, at + 4);
    }
  }
  if (!reserved) await tree.addRecords(records);
  heap.setUserRoot(await tree.finish());
  return heap.finish();
}

/**
 * `storeValue` without waiting, for the usual case (small, and room in the heap's open block);
 * undefined when it has to wait.
 */
export function storeValueNow(heap: HeapWriter, value: Buffer): number | undefined {
  if (value.length === 0) return 0;
  return value.length <= MAX_HEAP_ALLOCATION ? heap.tryAllocate(value) : undefined;
}

/**
 * Puts a variable-size value on the heap or, when too large, in a subnode; returns its HNID. An
 * empty value is HNID 0: a zero-length heap allocation would read as a freed slot.
 */
export async function storeValue(
  heap: HeapWriter,
  subnodes: SubnodeCollector,
  value: Buffer,
): Promise<number> {
  if (value.length === 0) return 0;
  return value.length <= MAX_HEAP_ALLOCATION ? heap.allocate(value) : subnodes.addValue(value);
}
