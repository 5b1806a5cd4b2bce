/**
 * Remix v2 on Vite, with every v3 future flag on so a move to React Router 7 is a dependency
 * change. The server build is `.mjs` (this package stays CommonJS like the rest of the repo, so
 * the server host and the Jest tests run under tsx/swc unchanged). The workspace packages are
 * TypeScript, which Vite never externalizes (it externalizes .js only), so the server build
 * bundles the store and workflow code it uses (the @pco names in `ssr.external` cannot change that).
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
