// A command run once and measured from outside: wall time, and peak RSS from GNU time's `-v` report (Debian `time`),
// the same way for ogr2ogr and for `cim import`, so the two figures compare.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface TimedRun {
  exit: number | null;
  wallMs: number;
  /** Peak resident set of the process (GNU time's "Maximum resident set size"); null without /usr/bin/time. */
  peakRssMB: number | null;
  /** User + system CPU time of the process, from GNU time. */
  cpuMs: number | null;
  stdout: string;
  stderr: string;
}

const seconds = (report: string, label: string): number | null => {
  const m = new RegExp(`${label} \\(seconds\\): ([\\d.]+)`).exec(report);
  return m ? Number(m[1]) : null;
};

/** Runs `command args` to its end; GNU time's report goes to a file of its own so the command's stderr stays its own. */
export function timedRun(command: string, args: string[]): Promise<TimedRun> {
  const withTime = existsSync(GNU_TIME);
  const reportDir = mkdtempSync(join(tmpdir(), 'cim-timed-'));
  const reportFile = join(reportDir, 'time.txt');
  const argv = withTime ? ['-v', '-o', reportFile, command, ...args] : args;
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(withTime ? GNU_TIME : command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (exit) => {
      const wallMs = performance.now() - t0;
      const r = withTime && existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
      rmSync(reportDir, { recursive: true, force: true });
      const rssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r);
      const user = seconds(r, 'User time');
      const system = seconds(r, 'System time');
      // GNU time reports the command's own exit status; its own exit mirrors it.
      done({
        exit,
        wallMs,
        peakRssMB: rssKb ? Math.round(Number(rssKb[1]) / 1024) : null,
        cpuMs: user !== null && system !== null ? Math.round((user + system) * 1000) : null,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
