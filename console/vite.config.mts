/**
 * Remix v2 on Vite, with every v3 future flag on so a move to React Router 7 is a dependency
 * change. The server build is `.mjs` (this package stays CommonJS like the rest of the repo, so
 * the server host and the Jest tests run under tsx/swc unchanged). Workspace packages stay
 * external: the built server imports them at run time (under tsx) instead of bundling the store.
 */
import { vitePlugin as remix } from '@remix-run/dev';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      serverBuildFile: 'index.mjs',
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
  ],
  resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
  ssr: { external: ['@pco/config', '@pco/domain', '@pco/store', '@pco/workflows', '@temporalio/client'] },
  server: { hmr: false },
  logLevel: 'warn',
});
