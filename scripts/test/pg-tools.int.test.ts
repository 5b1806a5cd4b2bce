/**
 * Choosing pg_dump / pg_restore (scripts/db/pg-tools.ts): the newest client found, and a message
 * naming the version to install when none is new enough for the server (the embedded server is
 * PostgreSQL 18 and ships no client tools; this machine's client is 15). Fake tools on PATH stand
 * in for installed versions.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPgTool } from '../db/pg-tools';

describe('findPgTool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pco-pg-tools-'));
  const savedPath = process.env.PATH;
  beforeAll(() => {
    const fake = join(dir, 'pg_dump');
    writeFileSync(fake, '#!/bin/sh\necho "pg_dump (PostgreSQL) 42.1"\n');
    chmodSync(fake, 0o755);
    process.env.PATH = `${dir}:${savedPath ?? ''}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the newest client that fits the server', () => {
    expect(findPgTool('pg_dump', 15)).toEqual({ path: join(dir, 'pg_dump'), major: 42 });
  });

  it('names the version to install when every client is older than the server', () => {
    expect(() => findPgTool('pg_dump', 99)).toThrow(
      /pg_dump 99 or newer is needed .*found: .*\(42\).*postgresql-client-99/s,
    );
  });
});
