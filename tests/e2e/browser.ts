// Debian chromium driven by playwright-core, WebGL through SwiftShader; records console errors and
// every request so tests can prove the page stayed on 127.0.0.1.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
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
  return { page, log };
}

/** Waits until window.cimDiagnostics reports the city on screen (or a load error), never on fixed sleeps. */
export async function waitForCity(page: Page, timeoutMs = 240_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const d = (window as unknown as { cimDiagnostics?: { sceneReady: boolean; load: { phase: string } } }).cimDiagnostics;
      return d && (d.sceneReady || d.load.phase === 'error');
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}
