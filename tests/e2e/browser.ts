// Debian chromium driven by playwright-core, WebGL through SwiftShader; records console errors and
// every request so tests can prove the page stayed on 127.0.0.1.
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import '../../src/app/pageApi';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium flags for the tests and benches: WebGL through SwiftShader, nothing fetched from outside. */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function chromiumPath(): string {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  return CHROMIUM;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * A logged page in a browser with a profile on disk (a fresh temporary one), as a user's browser has:
 * DevTools' storage quota override (Storage.overrideQuotaForOrigin) only applies there, not to the
 * in-memory storage of launchBrowser's contexts.
 */
export async function openProfilePage(
  viewport = { width: 1024, height: 700 },
): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const profile = mkdtempSync(join(tmpdir(), 'cim-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  // Chromium's helper processes can still be writing the profile when 'close' fires (ENOTEMPTY on
  // rmdir in a fresh-clone run): retry, and leave a stray temporary directory rather than fail a test.
  context.on('close', () => {
    rm(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }).catch((e: Error) =>
      console.warn(`[e2e] could not remove the temporary profile ${profile}: ${e.message}`),
    );
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, log: await logPage(context, page) };
}

export interface PageLog {
  consoleErrors: string[];
  requests: string[];
  offsiteRequests: string[];
}

/** A page that logs console errors and requests; requests off 127.0.0.1 are recorded and aborted. */
export async function openLoggedPage(browser: Browser, viewport = { width: 1024, height: 700 }): Promise<{ page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { page, log: await logPage(context, page) };
}

async function logPage(context: BrowserContext, page: Page): Promise<PageLog> {
  const log: PageLog = { consoleErrors: [], requests: [], offsiteRequests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => log.consoleErrors.push(`pageerror: ${e.message}`));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    log.requests.push(url);
    const { protocol, hostname } = new URL(url);
    const local = protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1';
    if (local) return route.continue();
    log.offsiteRequests.push(url);
    return route.abort();
  });
  return log;
}

/** Waits until window.cimDiagnostics reports the city on screen (or a load error), never on fixed sleeps. */
export async function waitForCity(page: Page, timeoutMs = 240_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const d = window.cimDiagnostics;
      return d && (d.sceneReady || d.load.phase === 'error');
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}

/** Resolves once the camera has not moved for a second (a fly-to has landed). */
export async function cameraStill(page: Page): Promise<void> {
  const camera = () => page.evaluate(() => JSON.stringify(window.cimDebug!.camera()));
  let last = await camera();
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(1000);
    const now = await camera();
    if (now === last) return;
    last = now;
  }
  throw new Error('the camera kept moving for a minute');
}
