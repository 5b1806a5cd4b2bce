/** NODE_ENV=production refuses public secrets and default passwords (issue 12: secrets). */
import { ConfigError, DEFAULTS, loadConfig, productionSecretProblems, PRODUCTION_SECRETS } from '../src';

const root = '/repo';
const goodSecret = 'k3y-from-the-vault-0123456789-abcdefghij';
const goodDatabase = 'postgres://pco:a-real-password-from-the-vault@db:5432/pco';
const production = {
  NODE_ENV: 'production',
  AUTH_CHALLENGE_SECRET: goodSecret,
  CONSOLE_SESSION_SECRET: `${goodSecret}-console`,
  DATABASE_URL: goodDatabase,
};

const problemsOf = (env: Record<string, string | undefined>): string[] => {
  try {
    loadConfig(env, root);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('production secrets', () => {
  it('given real secrets and a real database password, when loaded in production, then it starts', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it('given development mode, when every secret is a development value, then nothing is refused', () => {
    expect(
      problemsOf({
        AUTH_CHALLENGE_SECRET: DEFAULTS.AUTH_CHALLENGE_SECRET,
        DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1/x',
      }),
    ).toEqual([]);
  });

  it.each(PRODUCTION_SECRETS.map((secret) => [secret.name]))(
    'given %s set to a development value, a default password or a short key, when loaded in production, then it is refused',
    (name) => {
      for (const value of [DEFAULTS.AUTH_CHALLENGE_SECRET, 'postgres', 'changeme', 'short-but-real']) {
        expect(problemsOf({ ...production, [name]: value })).toEqual([
          expect.stringContaining(`${name} must be a secret of at least 32`),
        ]);
      }
    },
  );

  it('given a required secret left unset, when loaded in production, then it is refused (its default is public)', () => {
    expect(problemsOf({ ...production, AUTH_CHALLENGE_SECRET: undefined })).toEqual([
      expect.stringContaining('AUTH_CHALLENGE_SECRET must be set'),
    ]);
  });

  it.each([
    ['unset (the embedded server, password postgres)', undefined, 'DATABASE_URL must be set'],
    ['a common default password', 'postgres://postgres:postgres@db:5432/pco', 'default password'],
    ['the user name as password', 'postgres://pco:pco@db:5432/pco', 'default password'],
  ])('given DATABASE_URL %s, when loaded in production, then it is refused', (_case, url, message) => {
    expect(productionSecretProblems({ ...production, DATABASE_URL: url })).toEqual([expect.stringContaining(message)]);
  });

  it('given a DATABASE_URL without a password (peer or .pgpass authentication), when loaded in production, then it starts', () => {
    expect(problemsOf({ ...production, DATABASE_URL: 'postgres://pco@db:5432/pco' })).toEqual([]);
  });

  it('names every problem at once', () => {
    expect(problemsOf({ NODE_ENV: 'production', CONSOLE_SESSION_SECRET: 'secret' })).toHaveLength(3);
  });
});
