/**
 * A multipart/form-data body with one file field named `archive`, as a browser's FormData sends a
 * mailbox backup to `POST /api/console/mailbox-imports/:id/archive`. Its parts are kept apart so
 * a test can stream the content between the head and the tail.
 */
export function archiveForm(fileName: string, content: Buffer, boundary = 'coffer-test-boundary') {
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    head: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="archive"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  };
}
