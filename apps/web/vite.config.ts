import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The browser app, built into dist/web and served by the gateway (same origin as the API). */
export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: {
    // Exact matches: `@coffer/contracts/browser` is not a path under the index.
    alias: [
      {
        find: /^@coffer\/contracts\/browser$/,
        replacement: fileURLToPath(new URL('../../libs/contracts/src/browser.ts', import.meta.url)),
      },
      {
        find: /^@coffer\/contracts$/,
        replacement: fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Which files each page loads: read to report the bundle size per page.
    manifest: true,
  },
});
