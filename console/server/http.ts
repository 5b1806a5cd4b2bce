/**
 * The console's HTTP host (Express + Remix). Before Remix sees a request it refuses every
 * non-GET from another origin (403), with a body over 64 KiB (413) or that is not a form (415),
 * and sets headers that keep the pages out of frames.
 * mode 'vite': development, Vite compiles routes on demand (npm start; no build step).
 * mode 'build': serves `console/build` (`npm run build -w console`), as tests and production do.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { isSameOrigin, SAFE_METHODS } from '../app/lib/origin';
import type { ConsoleServices } from '../app/lib/services';

export const CONSOLE_DIR = join(__dirname, '..');
export const SERVER_BUILD = join(CONSOLE_DIR, 'build/server/index.mjs');

export interface ConsoleServerOptions {
  services: ConsoleServices;
  port: number;
  host?: string;
  mode: 'vite' | 'build';
}

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

function refuseCrossOrigin(consoleUrl: string): express.RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const headers = new Headers();
    if (typeof req.headers.origin === 'string') headers.set('origin', req.headers.origin);
    if (isSameOrigin(headers, `${req.protocol}://${req.get('host')}${req.originalUrl}`, consoleUrl)) return next();
    res
      .status(403)
      .type('text/plain')
      .send('Refused: this request came from another site (Origin header missing or foreign).');
  };
}

/** Every console form is a few fields: a larger body is refused before anything reads it. */
export const MAX_BODY_BYTES = 64 * 1024;

const limitBody: express.RequestHandler = (req, res, next) => {
  if (Number(req.headers['content-length'] ?? 0) <= MAX_BODY_BYTES) return next();
  res.status(413).type('text/plain').send(`Refused: a console form is at most ${MAX_BODY_BYTES} bytes.`);
};

/** What a console form submits (Remix's <Form> and fetchers; the console sends no JSON). */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** A POST that is not a form reaches no action: 415 with what to send, not a 500 from request.formData(). */
const requireForm: express.RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (FORM_TYPES.includes(type)) return next();
  res
    .status(415)
    .type('text/plain')
    .send(`Refused: a console action takes a form (${FORM_TYPES.join(' or ')}), not ${type || 'an untyped body'}.`);
};

/**
 * Last resort for what fails before Remix: Express's own page would show the stack and the
 * server's paths. A malformed percent-encoding in the address (`/conflicts/%E0%A4%A`) is the
 * caller's mistake (400); anything else is a 500 without internals.
 */
const plainErrors: express.ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const badAddress = error instanceof URIError;
  res
    .status(badAddress ? 400 : 500)
    .type('text/plain')
    .send(
      badAddress
        ? 'Refused: the address holds malformed percent-encoding.'
        : 'The console could not answer this request. Try again in a moment.',
    );
};

const securityHeaders: express.RequestHandler = (_req, res, next) => {
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  next();
};

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsole> {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(refuseCrossOrigin(options.services.config.consoleUrl));
  app.use(limitBody);
  app.use(requireForm);

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite = async () => {};
  if (options.mode === 'vite') {
    const vite = await import('vite');
    const dev = await vite.createServer({
      root: CONSOLE_DIR,
      configFile: join(CONSOLE_DIR, 'vite.config.mts'),
      server: { middlewareMode: true },
      appType: 'custom',
    });
    app.use(dev.middlewares);
    build = () => dev.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
    closeVite = () => dev.close();
  } else {
    app.use('/assets', express.static(join(CONSOLE_DIR, 'build/client/assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(join(CONSOLE_DIR, 'build/client'), { maxAge: '1h' }));
    build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  }
  const services = options.services;
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: options.mode === 'vite' ? 'development' : 'production',
      getLoadContext: () => ({ services }),
    }),
  );
  app.use(plainErrors);

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const listening = app
      .listen(options.port, options.host ?? '127.0.0.1', () => resolve(listening))
      .once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeVite();
    },
  };
}
