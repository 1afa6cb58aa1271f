import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { Logger } from '@coffer/service-kit';

import type { BlobStore } from '../blobs/blob-store';
import { type DownloadGrants, grantStillHolds } from './download-grants';
import type { ExportJobs } from './export-jobs';
import { fileNameOf, type PstExportsService } from './pst-exports.service';

const PATH = /^\/exports\/([0-9a-f-]{36})\/parts\/(\d{1,4})$/;

/**
 * Streams export files to the gateway (and only the gateway: it listens on the service's host,
 * and every request must carry a download grant). Supports single byte ranges, so a broken
 * download resumes; a download that delivered the file's last byte is recorded as downloaded.
 */
export class ExportFileServer {
  private server?: Server;

  constructor(
    private readonly jobs: ExportJobs,
    private readonly blobs: BlobStore,
    private readonly grants: DownloadGrants,
    private readonly exports: PstExportsService,
    private readonly log: Logger,
  ) {}

  async listen(host: string, port: number): Promise<void> {
    this.server = createServer((request, response) => {
      this.serve(request, response).catch((error) => {
        this.log.error({ err: error }, 'export file stream failed');
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = PATH.exec(request.url ?? '');
    if (request.method !== 'GET' || !match) return void response.writeHead(404).end();
    const [, exportId, partText] = match;
    const grant = this.grants.verify(String(request.headers['x-download-grant'] ?? ''), exportId);
    const job = grant ? await this.jobs.get(exportId) : undefined;
    const part = Number(partText);
    if (!grant || !job || !grantStillHolds(grant, job, new Date()) || !job.blobIds[part - 1]) {
      return void response.writeHead(404).end();
    }
    const blobId = job.blobIds[part - 1];
    const info = await this.blobs.info(blobId);
    if (!info) return void response.writeHead(404).end();
    const range = parseRange(request.headers.range, info.size);
    if (range === 'unsatisfiable') {
      return void response.writeHead(416, { 'content-range': `bytes */${info.size}` }).end();
    }
    const { start, end } = range ?? { start: 0, end: info.size - 1 };
    response.writeHead(range ? 206 : 200, {
      'content-type': 'application/vnd.ms-outlook',
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      'content-disposition': `attachment; filename="${fileNameOf(job, part, job.parts.length)}"`,
      ...(range ? { 'content-range': `bytes ${start}-${end}/${info.size}` } : {}),
      'x-content-sha256': info.sha256,
    });
    for await (const chunk of this.blobs.read(blobId, { start, end })) {
      if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
      if (response.destroyed) return;
    }
    response.end();
    // The last byte reached the client's connection: this download (or its resumption) is whole.
    if (end === info.size - 1) await this.exports.recordDownload(grant, part, info.size);
  }
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; undefined when there is none. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}
