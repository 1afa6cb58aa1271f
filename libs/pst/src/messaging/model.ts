/** What the writer takes: folders and messages, in the shape a mail client shows them. */
export interface MailAddress {
  name?: string;
  address?: string;
}

export interface PstRecipient extends MailAddress {
  kind: 'to' | 'cc' | 'bcc';
}

export interface PstAttachment {
  fileName?: string;
  mimeType?: string;
  /** Set for inline images that an HTML body refers to as `cid:`. */
  contentId?: string;
  inline?: boolean;
  /** A file's bytes; leave out when `message` is set. */
  content?: Buffer;
  /** An attached message (message/rfc822), written as an embedded message. */
  message?: PstMessage;
}

export interface PstMessage {
  messageClass?: string;
  subject?: string;
  from?: MailAddress;
  recipients?: PstRecipient[];
  sentAt?: Date;
  receivedAt?: Date;
  internetMessageId?: string;
  transportHeaders?: string;
  textBody?: string;
  htmlBody?: string;
  read?: boolean;
  attachments?: PstAttachment[];
}

/** One item of a mailbox stream: a folder (by path from the top), or a message in one. */
export type MailboxEntry = { folder: string[]; message?: PstMessage };
