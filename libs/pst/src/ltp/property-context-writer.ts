import type { NdbWriter } from '../ndb/ndb-writer';
import { BTreeOnHeapWriter } from './bth-writer';
import { ClientSignature, MAX_HEAP_ALLOCATION } from './format';
import { HeapWriter } from './heap-writer';
import {
  encodeValue,
  idOfTag,
  isInlineInPropertyContext,
  typeOfTag,
  type PropertyValue,
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
  const records = Buffer.alloc(tags.length * 8);
  for (const [i, tag] of tags.entries()) {
    const type = typeOfTag(tag);
    const value = encodeValue(type, properties.get(tag) as PropertyValue);
    const at = i * 8;
    records.writeUInt16LE(idOfTag(tag), at);
    records.writeUInt16LE(type, at + 2);
    if (isInlineInPropertyContext(type)) value.copy(records, at + 4);
    else if (value.length === 0 && emptyInSubnode.has(tag))
      records.writeUInt32LE(await subnodes.addValue(value), at + 4);
    else records.writeUInt32LE(await storeValue(heap, subnodes, value), at + 4);
  }
  await tree.addRecords(records);
  heap.setUserRoot(await tree.finish());
  return heap.finish();
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
