// Browser test of shared review cases and tours in server mode: `cim serve` on a fresh embedded database with the
// demo city loaded, a fire reviewer and a planning reviewer in two browser contexts. The fire reviewer signs a fire
// item with a comment; the planning reviewer sees it (name and comment) and has no form to sign it; a second fire
// sign-off reaches the planning reviewer's open panel without a reload; the server is restarted on the same database
// and the sign-offs are still shown; the report is archived (its id, time and input hash shown, the hash the
// server's case gives) and its verify says the figures match. A planner's tour save over a version changed elsewhere
// is refused and the server's copy offered; the tour is listed in the reviewer's context, where save and delete are
// not offered, and the wall (ops mode) plays its last version.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openLoggedPage, waitForCity, type PageLog } from './browser';
import { cim, signIn as signInAs, startCimServe, type CimServer } from './cimServe';

const PASSWORD = 'e2e-password-not-secret';
const FIRE = { name: 'huo', role: 'reviewer', flags: ['--department', 'fire'] };
const PLANNING = { name: 'gui', role: 'reviewer', flags: ['--department', 'planning'] };
const PLANNER = { name: 'hua', role: 'planner', flags: [] as string[] };
const PAGE = '/?render=lite&mode=review&lang=en';
/** A deliberately violating parcel of the demo city. */
const PARCEL = (JSON.parse(readFileSync('data/demo.json', 'utf8')) as { deliberateViolations: { parcelId: string }[] })
  .deliberateViolations[0].parcelId;
const TOUR = 'e2e-shared';
/** Longer than the panel's 10 s poll, with room for a slow machine. */
const POLL_WAIT_MS = 60_000;

async function signIn(page: Page, name: string): Promise<void> {
  await signInAs(page, name, PASSWORD);
  await page.locator(`[data-testid=user-badge][data-user="${name}"]`).waitFor();
}

/** Picks the parcel and waits for the server's case of it. */
async function openCase(page: Page, id: string): Promise<void> {
  await page.locator('[data-testid=parcel-search]').click();
  await page.keyboard.type(id);
  await page.locator(`.ant-select-item-option[title="${id}"]`).click();
  await page.locator(`[data-testid=review-verdict][data-source=server]:has-text("${id}")`).waitFor({ timeout: 120_000 });
}

/** The shown sign-off of `item`: its reviewer and text, once `reviewer` has signed it. */
async function signOffShown(page: Page, item: string, reviewer: string, timeout = 30_000): Promise<string> {
  const shown = page.locator(`[data-item="${item}"] [data-signoff][data-reviewer="${reviewer}"]`);
  await shown.waitFor({ timeout });
  return shown.innerText();
}

async function sign(page: Page, item: string, decision: 'Pass' | 'Fail', comment: string): Promise<void> {
  const form = page.locator(`[data-item="${item}"] [data-manual="${item}"]`);
  await form.getByText(decision, { exact: true }).click();
  await form.locator('[data-field=comment]').fill(comment);
  await form.locator('[data-field=sign]').click();
}

describe('shared review cases and tours in server mode: two reviewers, a restart, an archived report', () => {
  let dir: string;
  let db: string;
  let server: CimServer;
  let browser: Browser;
  let fire: { page: Page; log: PageLog };
  let planning: { page: Page; log: PageLog };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cim-e2e-review-'));
    db = join(dir, 'city.pglite');
    cim('db', 'load', 'data', '--db', db, '--quiet');
    for (const u of [FIRE, PLANNING, PLANNER]) cim('user', 'add', u.name, '--role', u.role, ...u.flags, '--password', PASSWORD, '--db', db);
    server = await startCimServe(db);
    browser = await launchBrowser();
    fire = await openLoggedPage(browser, { width: 1280, height: 800 });
    planning = await openLoggedPage(browser, { width: 1280, height: 800 });
    for (const p of [fire.page, planning.page]) await p.goto(server.url + PAGE);
    await Promise.all([waitForCity(fire.page), waitForCity(planning.page)]);
    await signIn(fire.page, FIRE.name);
    await signIn(planning.page, PLANNING.name);
  });

  after(async () => {
    await fire?.page.context().close();
    await planning?.page.context().close();
    await browser?.close();
    if (server) await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the fire reviewer signs a fire item with a comment; items of other departments are read-only', async () => {
    const page = fire.page;
    await openCase(page, PARCEL);
    assert.equal(await page.locator('[data-item="land.premium"] [data-manual]').count(), 0);
    await page.locator('[data-item="land.premium"] [data-readonly]').waitFor();
    await sign(page, 'fire.lanes', 'Pass', 'lanes 4 m wide, checked on site');
    const text = await signOffShown(page, 'fire.lanes', FIRE.name);
    assert.match(text, /lanes 4 m wide, checked on site/);
    assert.match(text, new RegExp(FIRE.name));
    assert.equal(await page.locator('[data-item="fire.lanes"]').getAttribute('data-verdict'), 'pass');
  });

  it('the planning reviewer sees that sign-off with name and comment and cannot sign it', async () => {
    const page = planning.page;
    await openCase(page, PARCEL);
    const text = await signOffShown(page, 'fire.lanes', FIRE.name);
    assert.match(text, /lanes 4 m wide, checked on site/);
    assert.equal(await page.locator('[data-manual]').count(), 0, 'a planning reviewer has a sign-off form');
    await page.locator('[data-item="fire.lanes"] [data-readonly="fire.lanes"]').waitFor();
  });

  it("another fire sign-off reaches the planning reviewer's open panel without a reload", async () => {
    await sign(fire.page, 'fire.water', 'Fail', 'hydrant missing at the north gate');
    await signOffShown(fire.page, 'fire.water', FIRE.name);
    const text = await signOffShown(planning.page, 'fire.water', FIRE.name, POLL_WAIT_MS);
    assert.match(text, /hydrant missing at the north gate/);
    assert.equal(await planning.page.locator('[data-item="fire.water"]').getAttribute('data-verdict'), 'fail');
  });

  it('after a restart of the server on the same database the sign-offs are still shown', async () => {
    const port = Number(new URL(server.url).port);
    await server.stop();
    server = await startCimServe(db, port);
    const page = planning.page;
    await page.goto(server.url + PAGE);
    await waitForCity(page);
    // The session lives in the database too: the reload finds it.
    await page.locator(`[data-testid=user-badge][data-user="${PLANNING.name}"]`).waitFor();
    await openCase(page, PARCEL);
    assert.match(await signOffShown(page, 'fire.lanes', FIRE.name), /lanes 4 m wide, checked on site/);
    assert.match(await signOffShown(page, 'fire.water', FIRE.name), /hydrant missing at the north gate/);
  });

  it('the report is archived with its id, time and input hash, and its verify says the figures match', async () => {
    const page = planning.page;
    await page.getByTestId('archive-report').click();
    const row = page.locator('[data-testid=archived-reports] [data-report]').first();
    await row.waitFor();
    const id = Number(await row.getAttribute('data-report'));
    const sha = await row.getAttribute('data-sha');
    const served = await page.evaluate(
      async (p) => (await (await fetch(`/api/reviews/${p}`)).json()) as { inputsSha256: string; reports: { id: number }[] },
      PARCEL,
    );
    assert.equal(sha, served.inputsSha256);
    assert.ok(
      served.reports.some((r) => r.id === id),
      `report ${id} not among the case's ${JSON.stringify(served.reports)}`,
    );
    assert.match(await row.innerText(), new RegExp(`#${id}[\\s\\S]*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d[\\s\\S]*${sha!.slice(0, 16)}`));
    await row.locator('[data-action=verify]').click();
    const verdict = row.getByTestId('verify-result');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-figures-match'), 'true');
    assert.equal(await verdict.getAttribute('data-inputs-match'), 'true');
  });

  it('a tour saved by a planner: a save over a version changed elsewhere is refused and offers the server copy', async () => {
    const desk = planning.page;
    await desk.getByTestId('sign-out').click();
    await signIn(desk, PLANNER.name);
    const editor = desk.getByTestId('tour-editor');
    await editor.locator('[data-field=id]').fill(TOUR);
    await editor.locator('[data-action=capture]').click();
    await editor.locator('[data-action=save]').click();
    await editor.locator(`[data-saved="${TOUR}"]`).waitFor();

    // Someone else saves it meanwhile (the planner's session from another tab: the same cookie, the same token).
    const status = await desk.evaluate(async (id) => {
      const { csrf } = (await (await fetch('/api/session')).json()) as { csrf: string };
      const res = await fetch(`/api/tours/${id}`);
      const etag = res.headers.get('ETag')!;
      const tour = (await res.json()) as { title: { zh: string; en: string } };
      tour.title = { zh: '别处修改', en: 'Changed elsewhere' };
      const put = await fetch(`/api/tours/${id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'If-Match': etag, 'X-CSRF-Token': csrf },
        body: JSON.stringify(tour),
      });
      return put.status;
    }, TOUR);
    assert.equal(status, 200);

    await editor.locator('[data-action=capture]').click();
    await editor.locator('[data-action=save]').click();
    const conflict = desk.getByTestId('tour-conflict');
    await conflict.waitFor();
    assert.match(await conflict.innerText(), /changed by someone else/);
    await conflict.locator('[data-action=reload]').click();
    await conflict.waitFor({ state: 'detached' });
    assert.equal(await editor.locator('[data-field=name]').inputValue(), 'Changed elsewhere');
    assert.equal(await editor.locator('[data-testid=tour-keyframes] > li').count(), 1);
    // Read again, a second keyframe saves over the server's copy.
    await editor.locator('[data-action=capture]').click();
    await editor.locator('[data-action=save]').click();
    await editor.locator('.ant-alert-success').waitFor();
    assert.equal(await desk.getByTestId('tour-conflict').count(), 0);
  });

  it("the reviewer's context lists the planner's tour without save or delete, and the wall plays its last version", async () => {
    const page = fire.page;
    const listed = page.locator(`[data-testid=tour-editor] [data-saved="${TOUR}"]`);
    await listed.waitFor({ timeout: POLL_WAIT_MS });
    assert.equal(await listed.getAttribute('data-updated-by'), PLANNER.name);
    assert.equal(await page.locator('[data-testid=tour-editor] [data-action=save]').count(), 0);
    assert.equal(await listed.locator('[data-action=remove-saved]').count(), 0);
    // Opening it reads the server's copy into the editor.
    await listed.locator('[data-action=open-saved]').click();
    await page.locator('[data-testid=tour-editor] [data-testid=tour-keyframes] > li').nth(1).waitFor();
    assert.equal(await page.locator('[data-testid=tour-editor] [data-field=id]').inputValue(), TOUR);

    // The wall (ops mode) loads the tour from the server: the desk's last version, with its two keyframes.
    await page.goto(`${server.url}/?render=lite&mode=ops&tour=${TOUR}`);
    await page.waitForFunction(
      (id) => {
        const t = window.cimDiagnostics?.tour;
        return !!t && t.id === id && (t.phase === 'playing' || t.phase === 'error');
      },
      TOUR,
      { timeout: 240_000, polling: 250 },
    );
    const t = await page.evaluate(() => window.cimDiagnostics!.tour);
    assert.deepEqual([t.phase, t.keyframes, t.error], ['playing', 2, undefined]);

    for (const { log } of [fire, planning])
      assert.deepEqual(
        // The browser's own lines for the refusals provoked here, and for the panel's poll while the server restarted.
        log.consoleErrors.filter((e) => !/status of (401|412)|ERR_CONNECTION_REFUSED/.test(e)),
        [],
      );
  });
});
