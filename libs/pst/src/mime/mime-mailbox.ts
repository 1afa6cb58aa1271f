import type { MailboxEntry } from '../messaging/model';
import type { RawMessage } from './mailbox-sources';
import { convertMimeMessage } from './mime-to-pst';

export interface MimeMailboxOptions {
  /** Where a message without labels goes. */
  defaultFolder?: string[];
  onWarning?: (messageNumber: number, warning: string) => void;
}

/** Turns raw MIME messages into mailbox entries, one per folder the message is labelled with. */
export async function* mimeMailboxEntries(
  messages: AsyncIterable<RawMessage>,
  options: MimeMailboxOptions = {},
): AsyncGenerator<MailboxEntry> {
  let number = 0;
  for await (const { raw, labels } of messages) {
    number++;
    const { message, warnings } = await convertMimeMessage(raw);
    for (const warning of warnings) options.onWarning?.(number, warning);
    for (const folder of labels.length > 0 ? labels : [options.defaultFolder ?? ['Inbox']]) {
      yield { folder, message };
    }
  }
}
