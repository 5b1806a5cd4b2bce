/** Sign-in, sessions and the layout, in a real browser against the built console. */
import { ACCOUNTS, startConsoleSystem, type ConsoleSystem } from './support/console-system';
import { signIn } from './support/browser';

let sut: ConsoleSystem;
beforeAll(async () => {
  sut = await startConsoleSystem();
}, 120_000);
afterAll(() => sut?.close());

it('a manager signs in, sees the dashboard with navigation, and signs out', async () => {
  const { context, page } = await signIn(sut.browser, sut.url, ACCOUNTS.manager.email, ACCOUNTS.manager.password);
  try {
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    for (const name of ['Dashboard', 'Conflicts', 'Devices', 'Mass recovery']) {
      expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).count()).toBe(1);
    }
    const cookie = (await context.cookies()).find((c) => c.name === 'pco_console_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto('/dashboard');
    expect(new URL(page.url()).pathname).toBe('/login');
  } finally {
    await context.close();
  }
}, 60_000);
