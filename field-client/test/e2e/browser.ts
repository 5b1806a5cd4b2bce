/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser downloads cannot work
 * here). A persistent context keeps the profile on disk, so "close the browser and reopen it"
 * is a real browser restart over the same IndexedDB and service worker registration.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '@pco/config';

export const CHROMIUM = loadConfig().test.chromiumPath;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A small phone (iPhone SE class). */
export const PHONE = { width: 375, height: 667 };
/** Screenshots of each run (git-ignored). */
export const SCREENSHOT_DIR = join(__dirname, '../../../.e2e-screenshots');

export interface Phone {
  profileDir: string;
  context: BrowserContext;
  page: Page;
  /** Closes the browser and starts it again on the same profile; offline state is set before any request. */
  restart(opts: { offline: boolean }): Promise<Page>;
  close(): Promise<void>;
}

async function launch(profileDir: string, offline: boolean): Promise<{ context: BrowserContext; page: Page }> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: PHONE,
    deviceScaleFactor: 2,
    hasTouch: true,
    isMobile: true,
    offline,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // An app error is a test failure's best clue: print it with the test output.
  context.on('weberror', (error) => console.error(`[browser] ${error.error().stack ?? error.error().message}`));
  return { context, page };
}

export async function openPhone(label: string): Promise<Phone> {
  const profileDir = mkdtempSync(join(tmpdir(), `pco-${label}-`));
  let current = await launch(profileDir, false);
  const phone: Phone = {
    profileDir,
    get context() {
      return current.context;
    },
    get page() {
      return current.page;
    },
    async restart({ offline }) {
      await current.context.close();
      current = await launch(profileDir, offline);
      return current.page;
    },
    async close() {
      await current.context.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return phone;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: false });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** axe-core injected into the page; only serious and critical violations are returned. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
          ) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }>;
        };
      }
    ).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
