import { createLifecycle } from '../lib/lifecycle';
import { devServerArgs } from '../lib/temporal-dev-server';

describe('createLifecycle', () => {
  it('given three started parts, when stopped, then they stop in reverse order, once, past a failure', async () => {
    const order: string[] = [];
    const lifecycle = createLifecycle(() => undefined);
    lifecycle.onStop('temporal', async () => void order.push('temporal'));
    lifecycle.onStop('database', async () => {
      order.push('database');
      throw new Error('already closed');
    });
    lifecycle.onStop('worker', async () => void order.push('worker'));

    const [first, second] = await Promise.all([lifecycle.stopAll(), lifecycle.stopAll()]);

    expect(order).toEqual(['worker', 'database', 'temporal']);
    expect(first).toBe(false);
    expect(second).toBe(false);
  });
});

describe('devServerArgs', () => {
  const base = { cliPath: '/bin/temporal', address: '127.0.0.1:7299', namespace: 'default' };

  it('given no UI port and no file, then the server is headless and in memory', () => {
    const args = devServerArgs(base);
    expect(args).toEqual(expect.arrayContaining(['--ip', '127.0.0.1', '--port', '7299', '--headless']));
    expect(args).not.toContain('--db-filename');
    expect(args.join(' ')).toContain('--search-attribute ConflictStatus=Keyword');
  });

  it('given a UI port, a file and a namespace, then each becomes its flag', () => {
    const args = devServerArgs({ ...base, uiPort: 8233, dbFile: '/d/dev.sqlite', namespace: 'pco' }).join(' ');
    expect(args).toContain('--ui-port 8233');
    expect(args).toContain('--db-filename /d/dev.sqlite');
    expect(args).toContain('--namespace pco');
    expect(args).not.toContain('--headless');
  });
});
