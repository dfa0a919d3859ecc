// `cim serve` as a child process, as it runs in production: started on a database, its URL read from the JSON line it
// prints when it listens; stopped with SIGTERM (a clean close) or killed with SIGKILL (a crash). For bench:serve and
// the kill -9 durability test.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServeTarget {
  /** The embedded database's folder. */
  dir?: string | null;
  /** A PostgreSQL URL (wins over dir). */
  url?: string | null;
}

export interface ServeChild {
  url: string;
  pid: number;
  /** The child's peak resident memory (VmHWM), in bytes; 0 once it has exited. */
  peakRss(): number;
  /** SIGTERM, then waits for the exit (the server closes the database). */
  stop(): Promise<number | null>;
  /** SIGKILL, then waits for the exit: nothing of the server's shutdown runs. */
  kill9(): Promise<void>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export function peakRssOf(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts `cim serve --port 0` on the target; resolves once it prints its JSON line (rejects if it exits first). */
export function startServeChild(target: ServeTarget): Promise<ServeChild> {
  const db = target.url ? ['--database-url', target.url] : ['--db', target.dir ?? 'data/city.pglite'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cim.ts', 'serve', ...db, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    const onData = (s: string) => {
      out += s;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      let line: { url?: string };
      try {
        line = JSON.parse(out.slice(0, nl)) as { url?: string };
      } catch {
        child.kill('SIGKILL');
        reject(new Error(`cim serve printed "${out.slice(0, nl)}", not its JSON line`));
        return;
      }
      child.stdout!.resume();
      resolve({
        url: line.url!,
        pid: child.pid!,
        peakRss: () => peakRssOf(child.pid!),
        async stop() {
          child.kill('SIGTERM');
          return exited(child);
        },
        async kill9() {
          child.kill('SIGKILL');
          await exited(child);
        },
      });
    };
    const onExit = (code: number | null) =>
      reject(new Error(`cim serve exited (${code}) before listening: ${stderr.trim() || out.trim() || 'no output'}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}
