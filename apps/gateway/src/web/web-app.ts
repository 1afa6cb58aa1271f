import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The browser app's own addresses; everything else is the API, SSO or the download page's API.
 * The emailed PST link (`/download/pst/:id`) opens the app's download page; its files and
 * summary beneath it are the gateway's.
 */
const APP_ROUTES =
  /^\/(?:$|portal(?:\/|$)|console(?:\/|$)|set-password$|reset-password$|download\/pst\/[^/]+$)/;

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  // The password pages carry a token in the fragment; no page needs to tell others where it was.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

/** Answers a request itself, or says it did not (and the caller answers as it would). */
export type NotFoundPage = (request: Request, response: Response) => boolean;

/**
 * Serves the web app built by Vite (`dist/web`): its hashed assets, cached for ever, and
 * `index.html` for every address the app routes itself. Without a build, those addresses say so.
 * Returns what answers a browser that opened an address nothing serves.
 */
export function serveWebApp(app: NestExpressApplication, webDir: string): NotFoundPage {
  const indexHtml = join(webDir, 'index.html');
  app.useStaticAssets(join(webDir, 'assets'), {
    prefix: '/assets',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !APP_ROUTES.test(request.path))
      return next();
    if (!existsSync(indexHtml)) {
      response.status(503).json({
        code: 'web-app-not-built',
        message: 'The web app is not built: run npm run build.',
      });
      return;
    }
    response.set(PAGE_HEADERS).sendFile(indexHtml);
  });
  // A person who opened a mistyped address sees the app's "Page not found", with its navigation
  // (still a 404); scripts, which do not ask for HTML, keep the JSON answer.
  return (request, response) => {
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.path.startsWith('/api/') &&
      (request.get('accept') ?? '').includes('text/html') &&
      existsSync(indexHtml);
    if (!wantsPage) return false;
    response.status(404).set(PAGE_HEADERS).sendFile(indexHtml);
    return true;
  };
}
