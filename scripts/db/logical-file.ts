/**
 * The file side of a logical backup: gzip-compressed newline-delimited JSON. Writing respects the
 * stream's back-pressure (a large event log never sits whole in memory); reading yields one line
 * at a time and fails on a damaged gzip stream instead of ending quietly.
 */
import { createReadStream, createWriteStream, openSync, readSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** What kind of backup a file is, from its first bytes. */
export function backupKindOf(file: string): 'pg_dump' | 'logical' | 'unknown' {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    const read = readSync(fd, head, 0, 5, 0);
    if (read === 5 && head.toString('latin1') === 'PGDMP') return 'pg_dump';
    if (read >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'logical';
    return 'unknown';
  } finally {
    closeSync(fd);
  }
}

/** Runs `produce` with a line writer into `file` (gzip), and waits until the file is complete. */
export async function writeGzipLines<T>(
  file: string,
  produce: (write: (line: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  const gzip = createGzip();
  // pipeline: a failing file (disk full, no permission) destroys the gzip stream too, so a write waiting for 'drain' fails.
  const done = pipeline(gzip, createWriteStream(file));
  // Noted at once, so a failing file (disk full) is an error of this call, not an unhandled rejection.
  let failure: unknown = null;
  done.catch((error: unknown) => (failure = error));
  const write = async (line: string): Promise<void> => {
    if (failure) throw failure;
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    const result = await produce(write);
    gzip.end();
    await done;
    return result;
  } catch (error) {
    gzip.destroy();
    await done.catch(() => undefined);
    throw error;
  }
}

/** The lines of a gzip file, without their newlines. */
export async function* readGzipLines(file: string): AsyncGenerator<string> {
  const source = createReadStream(file);
  const text = createGunzip();
  source.on('error', (error) => text.destroy(error));
  source.pipe(text);
  text.setEncoding('utf8');
  let carry = '';
  for await (const chunk of text as AsyncIterable<string>) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop() ?? '';
    yield* parts;
  }
  if (carry !== '') yield carry;
}
