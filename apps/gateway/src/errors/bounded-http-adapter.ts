import { createServer } from 'node:http';

import { ExpressAdapter } from '@nestjs/platform-express';
import express, { type Request } from 'express';

export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long an upload (`isUpload`) may take as a whole; it may not stall for long. */
  uploadTimeoutMs: number;
}

/** An upload that moves no byte for this long (or `requestTimeoutMs`, if longer) is cut off. */
const UPLOAD_IDLE_MS = 180_000;

/**
 * How long an idle keep-alive connection stays open: longer than the 60 s idle timeout of common
 * load balancers and proxies, and far longer than the 4 s of Node's fetch, so it is the client
 * that closes an idle connection first. Node's default of 5 s closes it under a client whose
 * event loop was busy past its own 4 s, which then writes its next request into a closed socket
 * (EPIPE) instead of opening a new one.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** The routes whose bodies are archives of any size: the mailbox import's upload. */
export function isUpload(request: Pick<Request, 'method' | 'path'>): boolean {
  return (
    request.method === 'POST' &&
    /^\/api\/console\/mailbox-imports\/[^/]+\/archive$/.test(request.path)
  );
}

/**
 * Express under Nest, on an HTTP server that bounds slow clients: all headers must arrive within
 * `headersTimeoutMs` and the whole request within `requestTimeoutMs` (answered 408 and closed),
 * checked every second rather than Node's default 30 s, so a trickling client cannot hold a
 * connection for long. An upload may take up to `uploadTimeoutMs` as a whole, since a large
 * archive over a slow line takes longer than any other request, but never stalls for longer
 * than three minutes. Node's own check covers the longest bound; the shorter one is kept
 * here for every other request.
 */
export class BoundedHttpAdapter extends ExpressAdapter {
  constructor(private readonly limits: HttpLimits) {
    const app = express();
    app.use((request, response, next) => {
      if (isUpload(request)) {
        // Idle, not whole: while pst-export stores a batch the upload waits (backpressure).
        request.socket.setTimeout(Math.max(limits.requestTimeoutMs, UPLOAD_IDLE_MS), () =>
          request.socket.destroy(),
        );
        response.once('finish', () => request.socket.setTimeout(0));
      } else if (limits.uploadTimeoutMs > limits.requestTimeoutMs) {
        const timer = setTimeout(() => {
          if (request.complete) return;
          if (!response.headersSent) {
            response.writeHead(408, { connection: 'close' });
            response.end();
          }
          request.socket.destroy();
        }, limits.requestTimeoutMs);
        request.once('end', () => clearTimeout(timer));
        response.once('close', () => clearTimeout(timer));
      }
      next();
    });
    super(app);
  }

  override initHttpServer(): void {
    this.httpServer = createServer(
      {
        headersTimeout: this.limits.headersTimeoutMs,
        requestTimeout: Math.max(this.limits.requestTimeoutMs, this.limits.uploadTimeoutMs),
        connectionsCheckingInterval: 1_000,
      },
      this.getInstance(),
    );
    this.httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  }
}
