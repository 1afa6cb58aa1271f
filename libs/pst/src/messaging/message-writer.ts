import { type Properties, writePropertyContext } from '../ltp/property-context-writer';
import type { PropertyValue } from '../ltp/property-types';
import { SubnodeCollector } from '../ltp/subnode-collector';
import { TableContextWriter } from '../ltp/table-context-writer';
import { NidType } from '../ndb/format';
import type { NdbWriter } from '../ndb/ndb-writer';
import type { PstAttachment, PstMessage, PstRecipient } from './model';
import { normalizedSubject, storedSubject } from './subject';
import { AttachmentColumns, RecipientColumns } from './table-templates';
import {
  ATT_MHTML_REF,
  AttachMethod,
  MAPI_MAILUSER,
  MessageFlag,
  RecipientKind,
  Tag,
} from './tags';

/** The fixed subnode ids of a message's recipient and attachment tables ([MS-PST] §2.4.5). */
export const RECIPIENT_TABLE_NID = 0x692;
export const ATTACHMENT_TABLE_NID = 0x671;
const UTF8_CODEPAGE = 65001;
/**
 * An empty attachment's bytes go in a subnode of their own: on the heap an empty value is HNID 0,
 * which Microsoft's crate reads as no data at all (and refuses the attachment), and readpst drops
 * any attachment whose data it finds empty in the property context.
 */
const EMPTY_DATA_IN_SUBNODE: ReadonlySet<number> = new Set([Tag.AttachDataBinary]);

export interface WrittenMessage {
  bidData: number;
  bidSub: number;
  size: number;
  /** The message's properties, for its row in the folder's contents table. */
  properties: Properties;
}

/**
 * Writes one message node: its property context, recipient table, attachment table and an
 * attachment object per attachment (with embedded messages nested inside), all as subnodes.
 */
export async function writeMessage(
  ndb: NdbWriter,
  message: PstMessage,
  subnodes = new SubnodeCollector(ndb),
): Promise<WrittenMessage> {
  const attachments = message.attachments ?? [];
  const properties = messageProperties(message);
  await writeRecipientTable(ndb, message.recipients ?? [], subnodes);
  const attachmentTable = new TableContextWriter(ndb, AttachmentColumns, subnodes.child());
  let size = estimateSize(message);
  for (const [position, attachment] of attachments.entries()) {
    const written = await writeAttachment(ndb, attachment, subnodes.child());
    const nid = subnodes.newNid(NidType.Attachment);
    subnodes.add({ nid, bidData: written.bidData, bidSub: written.bidSub });
    await attachmentTable.addRow(
      nid,
      new Map([...written.properties, [Tag.RenderingPosition, position]]),
    );
    size += written.size;
  }
  if (attachments.length > 0) await addTable(subnodes, ATTACHMENT_TABLE_NID, attachmentTable);
  properties.set(Tag.MessageSize, Math.min(size, 0x7fffffff));
  const bidData = await writePropertyContext(ndb, properties, subnodes);
  return { bidData, bidSub: await subnodes.writeTree(), size, properties };
}

function messageProperties(message: PstMessage): Properties {
  const recipients = message.recipients ?? [];
  const display = (kind: PstRecipient['kind']) =>
    recipients
      .filter((r) => r.kind === kind)
      .map((r) => r.name || r.address || '')
      .join('; ');
  const flags =
    (message.read ? MessageFlag.read : 0) |
    MessageFlag.unmodified |
    ((message.attachments?.length ?? 0) > 0 ? MessageFlag.hasAttachments : 0);
  const from = message.from;
  const sent = message.sentAt ?? message.receivedAt;
  return new Map<number, PropertyValue | undefined>([
    [Tag.MessageClass, message.messageClass ?? 'IPM.Note'],
    [Tag.Subject, storedSubject(message.subject ?? '')],
    [Tag.ConversationTopic, normalizedSubject(message.subject ?? '')],
    [Tag.Importance, 1],
    [Tag.Priority, 0],
    [Tag.Sensitivity, 0],
    [Tag.MessageFlags, flags],
    [Tag.MessageStatus, 0],
    [Tag.HasAttachments, (message.attachments?.length ?? 0) > 0],
    [Tag.SenderName, from?.name || from?.address],
    [Tag.SenderEmailAddress, from?.address],
    [Tag.SenderAddressType, from?.address ? 'SMTP' : undefined],
    [Tag.SentRepresentingName, from?.name || from?.address],
    [Tag.SentRepresentingEmailAddress, from?.address],
    [Tag.SentRepresentingAddressType, from?.address ? 'SMTP' : undefined],
    [Tag.DisplayTo, display('to')],
    [Tag.DisplayCc, display('cc')],
    [Tag.DisplayBcc, display('bcc')],
    [Tag.ClientSubmitTime, sent],
    [Tag.MessageDeliveryTime, message.receivedAt ?? sent],
    [Tag.CreationTime, message.receivedAt ?? sent],
    [Tag.LastModificationTime, message.receivedAt ?? sent],
    [Tag.InternetMessageId, message.internetMessageId],
    [Tag.TransportMessageHeaders, message.transportHeaders],
    [Tag.Body, message.textBody],
    [Tag.Html, message.htmlBody === undefined ? undefined : Buffer.from(message.htmlBody, 'utf8')],
    [Tag.InternetCodepage, message.htmlBody === undefined ? undefined : UTF8_CODEPAGE],
    [Tag.MessageCodepage, UTF8_CODEPAGE],
  ]);
}

async function writeRecipientTable(
  ndb: NdbWriter,
  recipients: PstRecipient[],
  subnodes: SubnodeCollector,
): Promise<void> {
  const table = new TableContextWriter(ndb, RecipientColumns, subnodes.child());
  for (const [index, recipient] of recipients.entries()) {
    const address = recipient.address ?? '';
    await table.addRow(
      index,
      new Map<number, PropertyValue | undefined>([
        [Tag.Responsibility, false],
        [Tag.AddressType, 'SMTP'],
        [Tag.EmailAddress, address],
        [Tag.DisplayName, recipient.name || address],
        [Tag.TransmittableDisplayName, recipient.name || address],
        [Tag.RecipientType, RecipientKind[recipient.kind]],
        [Tag.SearchKey, Buffer.from(`SMTP:${address.toUpperCase()}\0`, 'latin1')],
        [Tag.ObjectType, MAPI_MAILUSER],
        [Tag.DisplayType, 0],
        [Tag.SendRichInfo, false],
      ]),
    );
  }
  await addTable(subnodes, RECIPIENT_TABLE_NID, table);
}

async function addTable(
  subnodes: SubnodeCollector,
  nid: number,
  table: TableContextWriter,
): Promise<void> {
  const bidData = await table.finish();
  subnodes.add({ nid, bidData, bidSub: await table.subnodeTree() });
}

async function writeAttachment(
  ndb: NdbWriter,
  attachment: PstAttachment,
  subnodes: SubnodeCollector,
): Promise<{ bidData: number; bidSub: number; size: number; properties: Properties }> {
  const fileName =
    attachment.fileName ??
    (attachment.message ? `${attachment.message.subject ?? 'message'}.eml` : 'attachment');
  const properties: Properties = new Map<number, PropertyValue | undefined>([
    [Tag.AttachFilename, fileName],
    [Tag.AttachLongFilename, fileName],
    [Tag.DisplayName, attachment.message?.subject ?? fileName],
    [Tag.AttachExtension, /\.[^.]+$/.exec(fileName)?.[0]],
    [Tag.AttachMimeTag, attachment.mimeType],
    [Tag.AttachContentId, attachment.contentId],
    [Tag.AttachFlags, attachment.inline && attachment.contentId ? ATT_MHTML_REF : 0],
    [Tag.AttachmentHidden, Boolean(attachment.inline && attachment.contentId)],
  ]);
  let size: number;
  if (attachment.message) {
    const embedded = await writeMessage(ndb, attachment.message, subnodes.child());
    const nid = subnodes.newNid(NidType.NormalMessage);
    subnodes.add({ nid, bidData: embedded.bidData, bidSub: embedded.bidSub });
    const reference = Buffer.alloc(8);
    reference.writeUInt32LE(nid, 0);
    reference.writeUInt32LE(Math.min(embedded.size, 0xffffffff), 4);
    properties.set(Tag.AttachMethod, AttachMethod.embeddedMessage);
    properties.set(Tag.AttachDataObject, reference);
    size = embedded.size;
  } else {
    const content = attachment.content ?? Buffer.alloc(0);
    properties.set(Tag.AttachMethod, AttachMethod.byValue);
    properties.set(Tag.AttachDataBinary, content);
    size = content.length;
  }
  properties.set(Tag.AttachSize, Math.min(size, 0x7fffffff));
  const bidData = await writePropertyContext(ndb, properties, subnodes, EMPTY_DATA_IN_SUBNODE);
  return { bidData, bidSub: await subnodes.writeTree(), size, properties };
}

function estimateSize(message: PstMessage): number {
  return (
    (message.subject?.length ?? 0) * 2 +
    (message.textBody?.length ?? 0) * 2 +
    (message.htmlBody?.length ?? 0) +
    (message.transportHeaders?.length ?? 0) * 2 +
    (message.recipients?.length ?? 0) * 100
  );
}
