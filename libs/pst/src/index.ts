export type {
  MailAddress,
  MailboxEntry,
  PstAttachment,
  PstMessage,
  PstRecipient,
} from './messaging/model';
export { writePst, type PstPart, type PstProgress, type PstWriteOptions } from './pst-writer';
export { validatePst, type PstValidationReport } from './validate/validate-pst';
