/**
 * The embedded PostgreSQL's lifecycle with the real binaries: first start initialises, a second
 * start keeps the data, stop ends the server, a second server on the same folder is refused with
 * PostgreSQL's reason, and as root a folder the postgres user cannot enter moves to the fallback.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrm, listPersons, migrateUp, type Em } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { fallbackDataDir, startEmbeddedPostgres, type EmbeddedPostgres } from '../lib/embedded-postgres';

jest.setTimeout(60_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function seedAndCountPersons(url: string): Promise<{ seeded: boolean; persons: number }> {
  const orm = await createOrm({ databaseUrl: url, poolMax: 2 });
  try {
    await migrateUp(orm);
    const { seeded } = await seedDemoData(orm, new Date());
    return { seeded, persons: (await listPersons(orm.em.fork() as Em)).length };
  } finally {
    await orm.close(true);
  }
}

let folder: string;
const started: EmbeddedPostgres[] = [];
const start = async (dataDir: string, port?: number) => {
  const server = await startEmbeddedPostgres({ dataDir, port: port ?? (await freePort()) });
  started.push(server);
  return server;
};

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'pco-embedded-pg-'));
});

afterEach(async () => {
  for (const server of started.splice(0)) {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
  rmSync(folder, { recursive: true, force: true });
});

it('Given an empty folder, When started, seeded, stopped and started again, Then the second start finds the data and stop ends the server', async () => {
  chmodSync(folder, 0o755); // enterable by the postgres user: the cluster stays where it was asked for
  const dataDir = join(folder, 'data', 'postgres');

  const first = await start(dataDir);
  expect({ dataDir: first.dataDir, initialised: first.initialised }).toEqual({ dataDir, initialised: true });
  expect(first.version).toMatch(/^PostgreSQL 18\.4 \(@embedded-postgres\//);
  expect(await seedAndCountPersons(first.url)).toEqual({ seeded: true, persons: 5 });
  await first.stop();
  expect(isRunning(first.pid)).toBe(false);

  const second = await start(dataDir);
  expect(second.initialised).toBe(false);
  expect(await seedAndCountPersons(second.url)).toEqual({ seeded: false, persons: 5 });
});

it("Given a running server, When a second one starts on the same folder, Then it is refused with PostgreSQL's reason and the first keeps serving", async () => {
  chmodSync(folder, 0o755);
  const dataDir = join(folder, 'data', 'postgres');
  const first = await start(dataDir);

  await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
    /lock file "postmaster.pid" already exists/,
  );
  expect(await seedAndCountPersons(first.url)).toEqual({ seeded: true, persons: 5 });
});

it('Given a folder only its owner may enter, When started, Then as root the cluster lives in the per-folder fallback (as any other user, in place)', async () => {
  const dataDir = join(folder, 'data', 'postgres'); // mkdtemp made `folder` mode 700
  const server = await start(dataDir);

  const root = process.getuid?.() === 0;
  expect(server.dataDir).toBe(root ? fallbackDataDir(dataDir, tmpdir()) : dataDir);
  expect(await seedAndCountPersons(server.url)).toEqual({ seeded: true, persons: 5 });
});
