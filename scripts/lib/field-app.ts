/**
 * The technicians' PWA (field-client/app) outside development: built once with Vite, then served
 * as static files by a small HTTP server. The server also answers /app-config.json, which tells
 * an enrolling phone which gateway to use, so one build serves any deployment. sw.js and
 * index.html are never cached by HTTP: the Workbox service worker does the offline caching.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export const FIELD_APP_DIR = join(__dirname, '../../field-client/app');
export const FIELD_APP_DIST = join(FIELD_APP_DIR, 'dist');

/** `vite build` in a child process (Vite is ESM; callers may be CommonJS). Resolves with the time taken. */
export function buildFieldApp(repoRoot: string = join(__dirname, '../..')): Promise<number> {
  const started = Date.now();
  const vite = join(repoRoot, 'node_modules/vite/bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--config', join(FIELD_APP_DIR, 'vite.config.ts'), '--logLevel', 'warn'],
      {
        // Jest sets NODE_ENV=test, which would make React's JSX the development runtime in the bundle.
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(Date.now() - started) : reject(new Error(`vite build exited with ${code}`)),
    );
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface FieldAppServer {
  url: string;
  /** The gateway named in /app-config.json (settable after listen: the gateway's CORS needs this server's origin first). */
  setGatewayUrl(url: string): void;
  close(): Promise<void>;
}

export async function serveFieldApp(opts: {
  port: number;
  host?: string;
  gatewayUrl?: string;
  dist?: string;
}): Promise<FieldAppServer> {
  const dist = opts.dist ?? FIELD_APP_DIST;
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} has no index.html: build the field app first`);
  let gatewayUrl = opts.gatewayUrl ?? '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (path === '/app-config.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      return void res.end(JSON.stringify({ gatewayUrl }));
    }
    const candidate = normalize(join(dist, path));
    const isFile = candidate.startsWith(dist) && existsSync(candidate) && statSync(candidate).isFile();
    // Unknown paths get the app shell (client-side screens), as the service worker does offline.
    const file = isFile ? candidate : join(dist, 'index.html');
    const hashed = file.includes(`${join(dist, 'assets')}/`);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    setGatewayUrl: (url) => void (gatewayUrl = url),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Origins a browser may show the app under: localhost is a secure context, so service workers run. */
export const fieldAppOrigins = (port: number): string[] => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
