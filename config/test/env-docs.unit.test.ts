/** Every variable config reads is documented in .env.example and the README table, so none is secret knowledge. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const source = readFileSync(join(root, 'config/src/index.ts'), 'utf8');
const variables = [...source.matchAll(/read\.\w+\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);

it('config reads a non-trivial set of variables (the pattern below still matches the source)', () => {
  expect(variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TASK_QUEUE', 'GATEWAY_PORT']));
});

it.each([...new Set(variables)])('%s is documented in .env.example and README.md', (name) => {
  expect(readFileSync(join(root, '.env.example'), 'utf8')).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  // A row of the README's configuration table, whatever padding the formatter gives its first cell.
  expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
});
