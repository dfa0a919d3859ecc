// Browser tests' `cim serve`: the CLI run as a child process (as a deployment runs it) on a database folder, serving
// the built viewer and the city files; `cim` commands to load a city and add users; sign-in through the page's dialog.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';

export function cim(...args: string[]): void {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', ...args], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`cim ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
}

export interface CimServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `cim serve` on `db` with the built viewer and `data/`; resolves with its URL once it listens. */
export async function startCimServe(db: string, port = 0): Promise<CimServer> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cim.ts',
      'serve',
      '--db',
      db,
      '--port',
      String(port),
      '--app',
      process.env.CIM_E2E_DIST ?? 'dist',
      '--data',
      'data',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).once('line', ok);
    child.once('exit', (code) => fail(new Error(`cim serve exited (${code}) before listening`)));
  });
  return {
    url: (JSON.parse(line) as { url: string }).url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The grid editor's panel once the editor is ready: why it is read-only ('' : editable). */
export async function editBlock(page: Page, expected: string): Promise<void> {
  await page.locator(`[data-testid="grid-edit-panel"][data-phase="ready"][data-readonly="${expected}"]`).waitFor({ timeout: 240_000 });
}

export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('sign-in').click();
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
