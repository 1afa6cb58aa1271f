import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

import MailComposer from 'nodemailer/lib/mail-composer';

/** Who writes to the demo user, and about what; a few dozen messages come out of these. */
const CORRESPONDENTS = [
  { name: 'Priya Raman', address: 'priya.raman@example.com' },
  { name: 'Jonas Weber', address: 'jonas.weber@example.de' },
  { name: 'Chloé Martin', address: 'chloe.martin@example.fr' },
  { name: 'Travel Desk', address: 'bookings@travel.example.com' },
  { name: 'Finance', address: 'finance@example.com' },
];

const THREADS: { labels: string; subject: string; body: string; attachment?: string }[] = [
  { labels: 'Inbox,Important', subject: 'Quarterly plan', body: 'Draft plan attached.' },
  { labels: 'Inbox', subject: 'Lunch on Thursday?', body: 'The usual place at noon?' },
  { labels: 'Work/Projects', subject: 'Migration checklist', body: 'Steps for the cut-over.' },
  { labels: 'Work/Projects', subject: 'Design review notes', body: 'Notes from today.' },
  { labels: 'Travel', subject: 'Your booking to Lisbon', body: 'Itinerary attached.' },
  { labels: 'Inbox,Finance', subject: 'Expense report', body: 'Please approve.' },
  { labels: 'Sent', subject: 'Re: Quarterly plan', body: 'Looks good to me.' },
  { labels: 'Archived', subject: 'Old newsletter', body: 'Last month in brief.' },
];

/** Plain attachments a mailbox commonly holds; small so the seed stays quick. */
function attachmentFor(index: number): { filename: string; content: Buffer; contentType: string } {
  const rows = Array.from(
    { length: 20 },
    (_, row) => `${row},item ${row},${(row * 7.5).toFixed(2)}`,
  );
  const kinds = [
    {
      filename: 'plan.csv',
      contentType: 'text/csv',
      content: Buffer.from(`id,item,amount\n${rows.join('\n')}\n`),
    },
    {
      filename: 'notes.txt',
      contentType: 'text/plain',
      content: Buffer.from('Meeting notes\n'.repeat(40)),
    },
    {
      filename: 'itinerary.ics',
      contentType: 'text/calendar',
      content: Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'),
    },
  ];
  return kinds[index % kinds.length];
}

/**
 * Writes a small Google Takeout-style mbox (Gmail labels in `X-Gmail-Labels`) for the demo user:
 * 40 messages across Inbox, Sent, Archived and nested labels, every fifth with an attachment,
 * always the same, so a second `npm start` imports nothing new.
 */
export async function writeDemoMailbox(path: string, owner: { name: string; address: string }) {
  const out = createWriteStream(path);
  const count = 40;
  for (let index = 0; index < count; index++) {
    const thread = THREADS[index % THREADS.length];
    const other = CORRESPONDENTS[index % CORRESPONDENTS.length];
    const sent = thread.labels === 'Sent';
    const date = new Date(Date.UTC(2026, 9, 1 + Math.floor(index / 2), 8 + (index % 9), 15));
    const message = new MailComposer({
      from: sent ? owner : other,
      to: sent ? other : owner,
      subject: index < THREADS.length ? thread.subject : `${thread.subject} (${index + 1})`,
      text: `${thread.body}\n\n— ${sent ? owner.name : other.name}`,
      html:
        index % 2 === 0
          ? `<p>${thread.body}</p><p>— ${sent ? owner.name : other.name}</p>`
          : undefined,
      date,
      messageId: `<demo-${index + 1}@demo.coffer.test>`,
      headers: { 'X-Gmail-Labels': thread.labels },
      attachments: index % 5 === 0 ? [attachmentFor(index / 5)] : [],
    });
    const raw = await message.compile().build();
    // mboxrd: a "From " separator per message, body lines starting with "From " quoted.
    const body = raw
      .toString('utf8')
      .replace(/\r\n/g, '\n')
      .replace(/^(>*From )/gm, '>$1');
    out.write(`From demo@demo.coffer.test ${date.toUTCString()}\n${body}\n\n`);
  }
  out.end();
  await once(out, 'finish');
  return count;
}
