export type {
  MailAddress,
  MailboxEntry,
  PstAttachment,
  PstMessage,
  PstRecipient,
} from './messaging/model';
export {
  writePst,
  writePstToStream,
  type PstPart,
  type PstProgress,
  type PstWriteOptions,
} from './pst-writer';
export { validatePst, type PstValidationReport } from './validate/validate-pst';
export { convertMimeMessage, type ConvertedMessage } from './mime/mime-to-pst';
export {
  gmailLabels,
  readEmlFolder,
  readMailboxSource,
  readMbox,
  readMboxStream,
  type RawMessage,
} from './mime/mailbox-sources';
export { mimeMailboxEntries, type MimeMailboxOptions } from './mime/mime-mailbox';
export { repairMultipart, type MultipartRepair } from './mime/multipart-repair';
export {
  readMailboxArchive,
  UnreadableArchiveError,
  type ArchiveItem,
  type ArchiveReadOptions,
} from './mime/mailbox-archive';
