import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameDescriber, isOurs, shortSource } from './sourceMaps';

describe('sourceMaps', () => {
  it("shortens sources to the project's folders or the package's name, and tells ours from a package's", () => {
    expect(shortSource('../../src/app/models.ts')).toBe('src/app/models.ts');
    expect(shortSource('../../node_modules/@cesium/engine/Source/Scene/Scene.js')).toBe('@cesium/engine/Source/Scene/Scene.js');
    expect(isOurs('../../workers/modelJobs.ts')).toBe(true);
    expect(isOurs('../../node_modules/foo/src/index.js')).toBe(false);
  });

  it('names a frame by the map beside its script, and falls back to the minified place without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim-maps-'));
    // One mapping: generated line 1, column 0 → source 0 (src/app/models.ts), line 120 (0-based 119), column 2, name 0.
    // VLQ: column 0 = A, source 0 = A, line +119 = uH, column +2 = E, name 0 = A.
    const map = { version: 3, file: 'main.js', sources: ['../../src/app/models.ts'], names: ['place'], mappings: 'AAuHEA' };
    writeFileSync(join(dir, 'main-abc.js.map'), JSON.stringify(map));
    const describe = frameDescriber(dir);
    expect(describe({ functionName: 'r', url: 'http://127.0.0.1:1/assets/main-abc.js', lineNumber: 0, columnNumber: 5 })).toEqual({
      label: 'place src/app/models.ts:120',
      ours: true,
    });
    expect(describe({ functionName: 'q', url: 'http://127.0.0.1:1/assets/other.js', lineNumber: 2, columnNumber: 9 })).toEqual({
      label: 'q other.js:3:10',
      ours: false,
    });
    expect(describe({ functionName: '(garbage collector)', url: '', lineNumber: -1, columnNumber: -1 }).label).toBe('(garbage collector)');
    expect(describe({ functionName: 'getProgramParameter', url: '', lineNumber: -1, columnNumber: -1 }).label).toBe(
      'getProgramParameter (native)',
    );
  });
});
