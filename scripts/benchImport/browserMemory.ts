// The browser's memory seen from /proc while bench:import drives it: the peak RSS of its busiest renderer process (the
// page, its workers and their WebAssembly memory live there; the kernel's VmHWM, exact) and of the whole process tree
// (GPU process included; sampled, so a peak between samples is missed).
import { readFileSync, readdirSync } from 'node:fs';

/** A Chromium switch that marks the browser process this bench launched (Chromium ignores switches it does not know). */
export const BROWSER_MARK = `--cim-bench-import=${process.pid}`;

interface Proc {
  pid: number;
  ppid: number;
  rssKb: number;
  hwmKb: number;
  renderer: boolean;
  mine: boolean;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      out.push({
        pid: Number(name),
        ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0),
        rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
        renderer: cmdline.includes('--type=renderer'),
        mine: cmdline.includes(BROWSER_MARK) && !cmdline.includes('--type='),
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** The marked browser's largest renderer peak (VmHWM) and its whole tree's RSS now, in MB. */
export function browserRss(): { rendererPeakMB: number; treeMB: number } | null {
  const all = processes();
  const root = all.find((p) => p.mine);
  if (!root) return null;
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let renderer = 0;
  let tree = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    tree += p.rssKb;
    if (p.renderer) renderer = Math.max(renderer, p.hwmKb);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return { rendererPeakMB: Math.round(renderer / 1024), treeMB: Math.round(tree / 1024) };
}

/** Samples browserRss every `everyMs` until stopped; returns the peaks. */
export function sampleBrowserRss(everyMs = 250): () => { rendererPeakMB: number | null; treePeakMB: number | null } {
  let rendererPeakMB: number | null = null;
  let treeMB: number | null = null;
  const sample = () => {
    const now = browserRss();
    if (!now) return;
    rendererPeakMB = Math.max(rendererPeakMB ?? 0, now.rendererPeakMB);
    treeMB = Math.max(treeMB ?? 0, now.treeMB);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    sample();
    return { rendererPeakMB, treePeakMB: treeMB };
  };
}
