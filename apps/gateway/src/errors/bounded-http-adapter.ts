import { createServer } from 'node:http';

import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';

/**
 * Express under Nest, on an HTTP server that bounds slow clients: all headers must arrive within
 * `headersTimeoutMs` and the whole request within `requestTimeoutMs` (Node answers 408 and closes),
 * checked every second rather than Node's default 30 s, so a trickling client cannot hold a
 * connection for long.
 */
export class BoundedHttpAdapter extends ExpressAdapter {
  constructor(private readonly limits: { headersTimeoutMs: number; requestTimeoutMs: number }) {
    super(express());
  }

  override initHttpServer(): void {
    this.httpServer = createServer(
      {
        headersTimeout: this.limits.headersTimeoutMs,
        requestTimeout: this.limits.requestTimeoutMs,
        connectionsCheckingInterval: 1_000,
      },
      this.getInstance(),
    );
  }
}
