// Browser tests of the viewer in server mode: the page served by `cim serve` (the demo city loaded into a fresh
// embedded database, a grid manager and a fire reviewer) offers log-in and no grid edit tools before it; signing in
// through the dialog shows the user's role and scope in the title bar and, for the grid manager only, the edit tools;
// the session cookie stays out of the page's reach (HttpOnly); a wrong password shows the server's message; signing out
// takes the tools away. The same build from a static host runs as before: no log-in UI, the local editor.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import { cim, editBlock, signIn, startCimServe, type CimServer } from './cimServe';
import { serveApp, type StaticServer } from './server';

const PASSWORD = 'e2e-password-not-secret';
const MANAGER = { name: 'wang', role: 'grid-manager', flags: ['--scope', 'L1-002'] };
const REVIEWER = { name: 'li', role: 'reviewer', flags: ['--department', 'fire'] };
const PAGE = '/?render=lite&debug=1&mode=grid&lang=en&layers=buildings,gridL3';

describe('the viewer served by cim serve: log-in, the role in the title bar, edit tools by role', () => {
  let dir: string;
  let server: CimServer;
  let browser: Browser;
  let page: Page;
  let log: PageLog;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cim-e2e-session-'));
    const db = join(dir, 'city.pglite');
    cim('db', 'load', 'data', '--db', db, '--quiet');
    for (const u of [MANAGER, REVIEWER]) cim('user', 'add', u.name, '--role', u.role, ...u.flags, '--password', PASSWORD, '--db', db);
    server = await startCimServe(db);
    browser = await launchBrowser();
    ({ page, log } = await openLoggedPage(browser, { width: 1280, height: 800 }));
    await page.goto(server.url + PAGE);
    await waitForCity(page);
  });

  after(async () => {
    await page?.context().close();
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('signed out: a Sign in button, no badge, the grid editor read-only without tools', async () => {
    await page.getByTestId('sign-in').waitFor();
    assert.equal(await page.getByTestId('user-badge').count(), 0);
    await editBlock(page, 'sign-in');
    assert.equal(await page.getByTestId('edit-tool').count(), 0);
  });

  it('a wrong password: the dialog shows the server message and nobody is signed in', async () => {
    await signIn(page, MANAGER.name, 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    assert.match(await error.innerText(), /wrong user name or password/);
    assert.equal(await page.getByTestId('user-badge').count(), 0);
    await page.keyboard.press('Escape');
    await page.locator('.cim-login .ant-modal').waitFor({ state: 'hidden' });
  });

  it('the grid manager signs in: the badge shows the role and scope, the edit tools appear; the cookie is HttpOnly', async () => {
    await signIn(page, MANAGER.name, PASSWORD);
    const badge = page.getByTestId('user-badge');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-role'), 'grid-manager');
    assert.equal(await page.getByTestId('user-name').innerText(), 'wang');
    assert.equal(await page.getByTestId('user-role').innerText(), 'Grid manager');
    assert.match(await page.getByTestId('user-scope').innerText(), /L1-002/);
    await editBlock(page, '');
    await page.getByTestId('edit-tool').waitFor();
    assert.match(await page.getByTestId('edit-scope').innerText(), /L1-002/);

    const cookies = await page.context().cookies(server.url);
    const session = cookies.find((c) => c.name === 'cim_session');
    assert.ok(session, `no session cookie among ${cookies.map((c) => c.name).join(', ')}`);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.ok(!(await page.evaluate(() => document.cookie)).includes('cim_session'), 'the page can read the session cookie');
  });

  it('signing out takes the badge and the tools away, and the cookie', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    assert.equal(await page.getByTestId('user-badge').count(), 0);
    await editBlock(page, 'sign-in');
    assert.equal(await page.getByTestId('edit-tool').count(), 0);
    const cookies = await page.context().cookies(server.url);
    assert.equal(
      cookies.find((c) => c.name === 'cim_session'),
      undefined,
    );
  });

  it('a reviewer signs in: role and department in the badge, no grid edit tools', async () => {
    await signIn(page, REVIEWER.name, PASSWORD);
    const badge = page.getByTestId('user-badge');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-role'), 'reviewer');
    assert.equal(await page.getByTestId('user-role').innerText(), 'Reviewer · Fire');
    await editBlock(page, 'role');
    assert.equal(await page.getByTestId('edit-tool').count(), 0);
  });

  it('a reload finds the session again through its cookie; sign out', async () => {
    await page.reload();
    const badge = page.getByTestId('user-badge');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-user'), REVIEWER.name);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    // The one error the page may log: the browser's own line for the refused log-in's 401.
    assert.deepEqual(
      log.consoleErrors.filter((e) => !/status of 401/.test(e)),
      [],
    );
  });
});

describe('the same build from a static host: no server, no log-in UI', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let log: PageLog;

  before(async () => {
    server = await serveApp();
    browser = await launchBrowser();
    ({ page, log } = await openLoggedPage(browser, { width: 1280, height: 800 }));
  });

  after(async () => {
    await page?.context().close();
    await browser?.close();
    await server?.close();
  });

  it('static mode: no Sign in, no badge, the local grid editor with its tools, no error', async () => {
    await page.goto(server.url + PAGE);
    await waitForCity(page);
    await editBlock(page, '');
    await page.getByTestId('edit-tool').waitFor();
    assert.equal(await page.getByTestId('sign-in').count(), 0);
    assert.equal(await page.getByTestId('user-badge').count(), 0);
    assert.equal(await page.evaluate(() => window.cimDiagnostics!.load.phase), 'ready');
    assert.deepEqual(log.consoleErrors, []);
  });
});
