import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestMtimeMs, staleReason } from './ensureBuilt';

/** A file written with its modification time set to `atS` (seconds since the epoch). */
function file(path: string, atS: number): void {
  writeFileSync(path, 'x');
  utimesSync(path, atS, atS);
}

describe('ensureBuilt', () => {
  const root = mkdtempSync(join(tmpdir(), 'cim-ensure-built-'));
  const src = join(root, 'src');
  const dist = join(root, 'dist');
  mkdirSync(join(src, 'deep'), { recursive: true });
  file(join(src, 'a.ts'), 1000);
  file(join(src, 'deep', 'b.ts'), 2000);

  it('finds the newest file under folders, deep ones included, and skips what does not exist', () => {
    expect(newestMtimeMs([src, join(root, 'missing')])).toBe(2000 * 1000);
    expect(newestMtimeMs([join(root, 'missing')])).toBe(0);
  });

  it('rebuilds a missing build, one without source maps, and one older than a source', () => {
    expect(staleReason(dist, [src])).toMatch(/no build/);
    mkdirSync(join(dist, 'assets'), { recursive: true });
    file(join(dist, 'index.html'), 3000);
    file(join(dist, 'assets', 'main.js'), 3000);
    expect(staleReason(dist, [src])).toMatch(/no source maps/);
    file(join(dist, 'assets', 'main.js.map'), 3000);
    expect(staleReason(dist, [src])).toBeNull();
    file(join(src, 'deep', 'b.ts'), 4000);
    expect(staleReason(dist, [src])).toMatch(/older than the sources/);
  });
});
