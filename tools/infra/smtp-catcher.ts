import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A development and test mail server: accepts every message on loopback, keeps it as an .eml
 * file, and lists or returns them over a small HTTP API that tests and people read:
 * GET /messages, GET /messages/:id (parsed), GET /messages/:id/raw, DELETE /messages.
 */
const [mailDir, smtpPort, httpPort, host = '127.0.0.1'] = process.argv.slice(2);
if (!mailDir || !smtpPort || !httpPort) {
  console.error('usage: smtp-catcher <mail-dir> <smtp-port> <http-port> [host]');
  process.exit(2);
}
mkdirSync(mailDir, { recursive: true });

const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
let sequence = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: MAX_MESSAGE_BYTES,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
        callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
        return;
      }
      const id = `${Date.now().toString().padStart(15, '0')}-${(sequence++).toString().padStart(6, '0')}`;
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
      };
      writeFileSync(join(mailDir, `${id}.json`), JSON.stringify(envelope));
      writeFileSync(join(mailDir, `${id}.eml`), Buffer.concat(chunks));
      callback();
    });
  },
});
smtp.on('error', (error) => console.error(`smtp: ${error.message}`));
smtp.listen(Number(smtpPort), host);

function messageIds(): string[] {
  return readdirSync(mailDir)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => name.slice(0, -4))
    .sort();
}

const api = createServer(async (request, response) => {
  const send = (status: number, body: unknown, type = 'application/json') => {
    response.writeHead(status, { 'content-type': type });
    response.end(type === 'application/json' ? JSON.stringify(body) : (body as Buffer));
  };
  try {
    const url = new URL(request.url ?? '/', 'http://catcher');
    const match = /^\/messages(?:\/([\w-]+))?(\/raw)?$/.exec(url.pathname);
    if (!match) return send(404, { code: 'not-found', message: 'unknown path' });
    const [, id, raw] = match;
    if (!id && request.method === 'DELETE') {
      for (const name of readdirSync(mailDir)) rmSync(join(mailDir, name));
      return send(200, { deleted: true });
    }
    if (!id) {
      const list = messageIds().map((messageId) => ({
        id: messageId,
        ...JSON.parse(readFileSync(join(mailDir, `${messageId}.json`), 'utf8')),
        size: statSync(join(mailDir, `${messageId}.eml`)).size,
      }));
      return send(200, list);
    }
    const file = join(mailDir, `${id}.eml`);
    const source = readFileSync(file);
    if (raw) return send(200, source, 'message/rfc822');
    const parsed = await simpleParser(source);
    return send(200, {
      id,
      ...JSON.parse(readFileSync(join(mailDir, `${id}.json`), 'utf8')),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || '',
      date: parsed.date?.toISOString(),
      headers: Object.fromEntries(
        [...parsed.headers].map(([name, value]) => [name, String(value)]),
      ),
    });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    send(missing ? 404 : 500, {
      code: missing ? 'not-found' : 'error',
      message: missing ? 'no such message' : 'could not read message',
    });
  }
});
api.listen(Number(httpPort), host);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    api.close();
    smtp.close(() => process.exit(0));
  });
}
