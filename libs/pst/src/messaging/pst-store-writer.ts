import { randomBytes } from 'node:crypto';

import { type Properties, writePropertyContext } from '../ltp/property-context-writer';
import type { PropertyValue } from '../ltp/property-types';
import { SubnodeCollector } from '../ltp/subnode-collector';
import { TableContextWriter } from '../ltp/table-context-writer';
import { makeNid, NidType } from '../ndb/format';
import { NdbWriter } from '../ndb/ndb-writer';
import { writeMessage } from './message-writer';
import type { PstMessage } from './model';
import { nameToIdMapProperties, OUTLOOK_NEW_STORE_NAMES } from './name-to-id-map';
import {
  AssociatedContentsColumns,
  AttachmentColumns,
  ContentsColumns,
  HierarchyColumns,
  RecipientColumns,
  SearchContentsColumns,
} from './table-templates';
import { Tag } from './tags';

/** Node ids every PST has ([MS-PST] §2.4.1, §2.7.1). */
export const SpecialNid = {
  messageStore: 0x21,
  nameToIdMap: 0x61,
  rootFolder: 0x122,
  searchManagementQueue: 0x1e1,
  searchActivityList: 0x201,
  hierarchyTableTemplate: 0x60d,
  contentsTableTemplate: 0x60e,
  associatedContentsTableTemplate: 0x60f,
  searchContentsTableTemplate: 0x610,
  attachmentTableTemplate: 0x671,
  recipientTableTemplate: 0x692,
  ipmSubtree: 0x8022,
  searchRoot: 0x8042,
  deletedItems: 0x8062,
} as const;

/** The first free index per NID type, as a new Outlook store starts them. */
const FIRST_NID_INDEX: Partial<Record<NidType, number>> = {
  [NidType.NormalFolder]: 0x404,
  [NidType.SearchFolder]: 0x4000,
  [NidType.NormalMessage]: 0x10000,
  [NidType.AssociatedMessage]: 0x8000,
};
const DEFAULT_NID_INDEX = 0x400;
/** The store's valid-folder mask: IPM subtree, wastebasket and finder entry ids are set. */
const VALID_FOLDER_MASK = 0x01 | 0x08 | 0x40;

interface FolderState {
  nid: number;
  name: string;
  parentNid: number;
  containerClass?: string;
  comment?: string;
  children: Map<string, FolderState>;
  contents: TableContextWriter;
  contentsSubnodes: SubnodeCollector;
  messages: number;
  unread: number;
}

/**
 * One PST file being written: the store, its fixed nodes and folders, and messages streamed into
 * folders by path. Folder contents tables grow row by row; everything else about a folder (its
 * property context, hierarchy table) is written by `finish`, once its counts are known.
 */
export class PstStoreWriter {
  private readonly nextNidIndex: number[] = Array.from(
    { length: 32 },
    (_, type) => FIRST_NID_INDEX[type as NidType] ?? DEFAULT_NID_INDEX,
  );
  private readonly recordKey = randomBytes(16);
  private readonly root: FolderState;
  private readonly topOfStore: FolderState;
  private readonly searchRoot: FolderState;
  messageCount = 0;

  private constructor(
    private readonly ndb: NdbWriter,
    private readonly displayName: string,
  ) {
    this.root = this.folderState(SpecialNid.rootFolder, '', SpecialNid.rootFolder);
    this.topOfStore = this.folderState(
      SpecialNid.ipmSubtree,
      'Top of Personal Folders',
      SpecialNid.rootFolder,
    );
    this.searchRoot = this.folderState(SpecialNid.searchRoot, 'Search Root', SpecialNid.rootFolder);
    const deletedItems = this.folderState(
      SpecialNid.deletedItems,
      'Deleted Items',
      SpecialNid.ipmSubtree,
    );
    deletedItems.containerClass = 'IPF.Note';
    this.root.children.set(this.topOfStore.name, this.topOfStore);
    this.root.children.set(this.searchRoot.name, this.searchRoot);
    this.topOfStore.children.set(deletedItems.name, deletedItems);
  }

  static async create(
    path: string,
    options: { displayName?: string } = {},
  ): Promise<PstStoreWriter> {
    return new PstStoreWriter(
      await NdbWriter.create(path),
      options.displayName ?? 'Personal Folders',
    );
  }

  /** Bytes written so far. */
  get size(): number {
    return this.ndb.size;
  }

  /** The folder at `path` under the top of the store, created with its parents when missing. */
  folder(path: readonly string[]): FolderState {
    let folder = this.topOfStore;
    for (const name of path) {
      let child = folder.children.get(name);
      if (!child) {
        child = this.folderState(this.newNid(NidType.NormalFolder), name, folder.nid);
        child.containerClass = 'IPF.Note';
        folder.children.set(name, child);
      }
      folder = child;
    }
    return folder;
  }

  async addMessage(path: readonly string[], message: PstMessage): Promise<void> {
    const folder = this.folder(path);
    const nid = this.newNid(NidType.NormalMessage);
    const written = await writeMessage(this.ndb, message);
    await this.ndb.addNode({
      nid,
      bidData: written.bidData,
      bidSub: written.bidSub,
      parentNid: folder.nid,
    });
    await folder.contents.addRow(nid, written.properties);
    folder.messages++;
    if (!message.read) folder.unread++;
    this.messageCount++;
  }

  async finish(): Promise<void> {
    await this.writeFolder(this.root);
    await this.writeMessageStore();
    await this.writeNameToIdMap();
    for (const nid of [SpecialNid.searchManagementQueue, SpecialNid.searchActivityList]) {
      await this.ndb.addNode({ nid, bidData: 0, bidSub: 0, parentNid: 0 });
    }
    const templates: [number, readonly number[]][] = [
      [SpecialNid.hierarchyTableTemplate, HierarchyColumns],
      [SpecialNid.contentsTableTemplate, ContentsColumns],
      [SpecialNid.associatedContentsTableTemplate, AssociatedContentsColumns],
      [SpecialNid.searchContentsTableTemplate, SearchContentsColumns],
      [SpecialNid.attachmentTableTemplate, AttachmentColumns],
      [SpecialNid.recipientTableTemplate, RecipientColumns],
    ];
    for (const [nid, columns] of templates)
      await this.writeTable(
        nid,
        0,
        new TableContextWriter(this.ndb, columns, new SubnodeCollector(this.ndb)),
      );
    await this.ndb.finish({ nextNidIndex: this.nextNidIndex });
  }

  async abort(): Promise<void> {
    await this.ndb.abort();
  }

  private folderState(nid: number, name: string, parentNid: number): FolderState {
    const contentsSubnodes = new SubnodeCollector(this.ndb);
    return {
      nid,
      name,
      parentNid,
      children: new Map(),
      contents: new TableContextWriter(this.ndb, ContentsColumns, contentsSubnodes),
      contentsSubnodes,
      messages: 0,
      unread: 0,
    };
  }

  private newNid(type: NidType): number {
    return makeNid(type, this.nextNidIndex[type]++);
  }

  /** Writes a folder's property context and three tables, children first. */
  private async writeFolder(folder: FolderState): Promise<void> {
    const hierarchy = new TableContextWriter(
      this.ndb,
      HierarchyColumns,
      new SubnodeCollector(this.ndb),
    );
    for (const child of folder.children.values()) {
      await this.writeFolder(child);
      await hierarchy.addRow(child.nid, this.folderProperties(child));
    }
    const subnodes = new SubnodeCollector(this.ndb);
    const bidData = await writePropertyContext(this.ndb, this.folderProperties(folder), subnodes);
    await this.ndb.addNode({
      nid: folder.nid,
      bidData,
      bidSub: await subnodes.writeTree(),
      parentNid: folder.parentNid,
    });
    const base = folder.nid & ~0x1f;
    await this.writeTable(base | NidType.HierarchyTable, 0, hierarchy);
    await this.writeTable(base | NidType.ContentsTable, 0, folder.contents);
    const associated = new TableContextWriter(
      this.ndb,
      AssociatedContentsColumns,
      new SubnodeCollector(this.ndb),
    );
    await this.writeTable(base | NidType.AssociatedContentsTable, 0, associated);
  }

  private folderProperties(folder: FolderState): Properties {
    return new Map<number, PropertyValue | undefined>([
      [Tag.DisplayName, folder.name],
      [Tag.ContentCount, folder.messages],
      [Tag.ContentUnreadCount, folder.unread],
      [Tag.Subfolders, folder.children.size > 0],
      [Tag.ContainerClass, folder.containerClass],
      [Tag.Comment, folder.comment],
    ]);
  }

  private async writeTable(
    nid: number,
    parentNid: number,
    table: TableContextWriter,
  ): Promise<void> {
    const bidData = await table.finish();
    await this.ndb.addNode({ nid, bidData, bidSub: await table.subnodeTree(), parentNid });
  }

  private entryId(nid: number): Buffer {
    const id = Buffer.alloc(24);
    this.recordKey.copy(id, 4);
    id.writeUInt32LE(nid, 20);
    return id;
  }

  private async writeMessageStore(): Promise<void> {
    const properties = new Map<number, PropertyValue | undefined>([
      [Tag.RecordKey, this.recordKey],
      [Tag.DisplayName, this.displayName],
      [Tag.IpmSubtreeEntryId, this.entryId(SpecialNid.ipmSubtree)],
      [Tag.IpmWastebasketEntryId, this.entryId(SpecialNid.deletedItems)],
      [Tag.FinderEntryId, this.entryId(SpecialNid.searchRoot)],
      [Tag.ValidFolderMask, VALID_FOLDER_MASK],
      [Tag.PstPassword, 0],
    ]);
    await this.writePropertyNode(SpecialNid.messageStore, properties);
  }

  /** The named-property map ([MS-PST] §2.4.7): the one a new Outlook store starts with. */
  private async writeNameToIdMap(): Promise<void> {
    await this.writePropertyNode(
      SpecialNid.nameToIdMap,
      nameToIdMapProperties(OUTLOOK_NEW_STORE_NAMES),
    );
  }

  private async writePropertyNode(nid: number, properties: Properties): Promise<void> {
    const subnodes = new SubnodeCollector(this.ndb);
    const bidData = await writePropertyContext(this.ndb, properties, subnodes);
    await this.ndb.addNode({ nid, bidData, bidSub: await subnodes.writeTree(), parentNid: 0 });
  }
}
