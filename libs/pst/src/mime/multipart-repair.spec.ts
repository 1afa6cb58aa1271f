import { repairMultipart } from './multipart-repair';

const message = (contentType: string, body: string[]) =>
  Buffer.from(['From: a@example.com', 'Subject: s', contentType, '', ...body, ''].join('\r\n'));

describe('repairMultipart', () => {
  it('leaves a well-formed multipart alone', () => {
    const raw = message('Content-Type: multipart/mixed; boundary="b"', [
      '--b',
      'Content-Type: text/plain',
      '',
      'text',
      '--b--',
    ]);
    expect(repairMultipart(raw)).toEqual({ raw });
  });

  it('uses the boundary the body has when the declared one is not there, or none is declared', () => {
    const body = ['--real', 'Content-Type: text/plain', '', 'text', '--real--'];
    for (const contentType of [
      'Content-Type: multipart/mixed; boundary="declared"',
      'Content-Type: multipart/mixed',
    ]) {
      const { raw, repair } = repairMultipart(message(contentType, body));
      expect(raw.toString()).toContain('Content-Type: multipart/mixed; boundary="real"\r\n');
      expect(raw.toString()).not.toContain(`${contentType}\r\n`);
      expect(repair).toMatch(/used the boundary "real"/);
    }
  });

  it('keeps the body as plain text when it has no parts at all', () => {
    const { raw, repair } = repairMultipart(
      message('Content-Type: multipart/alternative;\r\n boundary="x"', ['only text, -- no parts']),
    );
    expect(raw.toString()).toContain('Content-Type: text/plain; charset=utf-8\r\n\r\nonly text');
    expect(repair).toBe(
      'boundary "x" not in the body and no parts found; kept the body as plain text',
    );
  });

  it('does nothing to a message that is not multipart', () => {
    const raw = message('Content-Type: text/plain', [
      '--not-a-boundary',
      'x: y',
      '--not-a-boundary--',
    ]);
    expect(repairMultipart(raw)).toEqual({ raw });
  });
});
