import {
  type AddressObject,
  type Attachment,
  type EmailAddress,
  type ParsedMail,
  simpleParser,
} from 'mailparser';

import type { MailAddress, PstAttachment, PstMessage, PstRecipient } from '../messaging/model';
import { headerEnd, headersAsUtf8 } from './header-block';
import { repairMultipart } from './multipart-repair';

export interface ConvertedMessage {
  message: PstMessage;
  /**
   * What could not be converted faithfully, or had to be repaired (those start with
   * `repaired: `); the message is kept regardless.
   */
  warnings: string[];
}

/** Attached messages inside attached messages are kept as files below this depth. */
const MAX_EMBEDDING_DEPTH = 3;
const PARSER_OPTIONS = {
  // Every message/rfc822 part is an attached message, also one marked inline: mailparser would
  // otherwise merge it into the text and hand its attachments to the outer message.
  ignoreEmbedded: true,
  keepCidLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
};

/**
 * Converts one MIME message (RFC 5322) to the writer's model with mailparser: encoded-word
 * subjects and names, RFC 2231 file names and charsets are decoded by it. Raw 8-bit header bytes
 * are made UTF-8 first (`headersAsUtf8`) and a multipart whose boundary is wrong is repaired
 * (`repairMultipart`). A message it cannot make sense of is still kept, with its raw text as the
 * body and a warning.
 */
export async function convertMimeMessage(input: Buffer, depth = 0): Promise<ConvertedMessage> {
  const { raw, repair } = repairMultipart(headersAsUtf8(input));
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    return rawMessage(raw, `unparseable MIME (${(error as Error).message}); kept as plain text`);
  }
  if (parsed.headers.size === 0) return rawMessage(raw, 'no headers; kept as plain text');
  const warnings: string[] = repair ? [`repaired: ${repair}`] : [];
  const attachments: PstAttachment[] = [];
  for (const attachment of parsed.attachments) {
    attachments.push(await convertAttachment(attachment, depth, warnings));
  }
  return {
    message: {
      subject: parsed.subject,
      from: firstAddress(parsed.from),
      recipients: [
        ...recipients(parsed.to, 'to'),
        ...recipients(parsed.cc, 'cc'),
        ...recipients(parsed.bcc, 'bcc'),
      ],
      sentAt: parsed.date,
      receivedAt: receivedDate(parsed) ?? parsed.date,
      internetMessageId: parsed.messageId,
      transportHeaders: headerBlock(raw),
      textBody: parsed.text,
      htmlBody: typeof parsed.html === 'string' ? parsed.html : undefined,
      read: true,
      attachments,
    },
    warnings,
  };
}

async function convertAttachment(
  attachment: Attachment,
  depth: number,
  warnings: string[],
): Promise<PstAttachment> {
  const base = {
    fileName: attachment.filename,
    mimeType: attachment.contentType,
    contentId: attachment.cid,
    inline: attachment.contentDisposition === 'inline' || attachment.related,
  };
  if (attachment.contentType === 'message/rfc822' && depth < MAX_EMBEDDING_DEPTH) {
    const embedded = await convertMimeMessage(attachment.content, depth + 1);
    warnings.push(...embedded.warnings.map((warning) => `attached message: ${warning}`));
    return { ...base, message: embedded.message };
  }
  return { ...base, content: attachment.content };
}

function rawMessage(raw: Buffer, warning: string): ConvertedMessage {
  const text = raw.toString('utf8');
  return {
    message: { subject: firstLine(text), textBody: text, read: true },
    warnings: [warning],
  };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0].slice(0, 255);
}

function toAddress(address: EmailAddress): MailAddress {
  return { name: address.name || undefined, address: address.address || undefined };
}

/** Flattens address lists, groups included. */
function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) =>
      entry.group ? entry.group.map(toAddress) : [toAddress(entry)],
    ),
  );
}

function firstAddress(field: AddressObject | undefined): MailAddress | undefined {
  return addresses(field)[0];
}

function recipients(
  field: AddressObject | AddressObject[] | undefined,
  kind: PstRecipient['kind'],
): PstRecipient[] {
  return addresses(field).map((address) => ({ ...address, kind }));
}

/** The delivery time: the date at the end of the newest Received header, when it parses. */
function receivedDate(parsed: ParsedMail): Date | undefined {
  const received = parsed.headerLines.find((line) => line.key === 'received');
  const stamp = received?.line.split(';').pop()?.trim();
  const date = stamp ? new Date(stamp.replace(/\s+\(.*\)$/, '')) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * The message's header block as it arrived, for PidTagTransportMessageHeaders; its 8-bit bytes
 * are UTF-8 by now (readpst shows these headers, so Latin-1 here was mojibake there).
 */
function headerBlock(raw: Buffer): string {
  const text = raw.subarray(0, headerEnd(raw)).toString('utf8');
  return text.replace(/(\r?\n)\r?\n$/, '$1');
}
