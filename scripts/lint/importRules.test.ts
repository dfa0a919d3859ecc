import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORE_MAY_IMPORT, checkFile, coreFolderOf, layerOf } from './importRules';

describe('import direction lint', () => {
  it('knows the layers by folder', () => {
    expect(layerOf('src/core/geom/packed.ts')).toBe('core');
    expect(layerOf('src/scene/layers/x.ts')).toBe('scene');
    expect(layerOf('workers/join.worker.ts')).toBe('workers');
    expect(layerOf('scripts/cim.ts')).toBeNull();
  });

  it('accepts imports that point down the layers', () => {
    expect(checkFile('src/scene/a.ts', "import { x } from '../core/geom/packed';\nimport { Viewer } from 'cesium';")).toEqual([]);
    expect(checkFile('src/ui/a.tsx', "import { Card } from 'antd';\nimport { s } from '../state/store';")).toEqual([]);
  });

  it('rejects core importing upwards, with the line', () => {
    const v = checkFile('src/core/geom/a.ts', "// top\nimport { s } from '../../state/store';");
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ line: 2, specifier: '../../state/store' });
  });

  it('rejects renderer packages below the scene and ui reaching into the scene', () => {
    expect(checkFile('src/io/a.ts', "import * as Cesium from 'cesium';")).toHaveLength(1);
    expect(checkFile('src/core/a.ts', "export { x } from 'react';")).toHaveLength(1);
    expect(checkFile('src/ui/a.tsx', "import { v } from '../scene/viewerSetup';")).toHaveLength(1);
    expect(checkFile('src/ui/a.tsx', "import { Viewer } from 'cesium';")).toHaveLength(1);
    expect(checkFile('workers/a.worker.ts', "import { s } from '../src/state/store';")).toHaveLength(1);
  });

  it('sees dynamic imports and worker URLs', () => {
    expect(checkFile('src/core/a.ts', "const m = await import('../app/App');")).toHaveLength(1);
    expect(checkFile('src/io/a.ts', "new Worker(new URL('../../workers/x.worker.ts', import.meta.url))")).toHaveLength(1);
  });

  it('keeps core folders from importing each other sideways', () => {
    expect(coreFolderOf('src/core/tiles/glb.ts')).toBe('tiles');
    expect(coreFolderOf('src/io/a.ts')).toBeNull();
    expect(checkFile('src/core/tiles/a.ts', "import { x } from '../geom/packed';\nimport { r } from '../util/random';")).toEqual([]);
    const v = checkFile('src/core/tour/a.ts', "import { x } from '../geom/packed';\nimport { s } from '../planning/jsonSchemaSubset';");
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ line: 2, specifier: '../planning/jsonSchemaSubset' });
    expect(checkFile('src/core/sensors/simulation.ts', "import { Rng } from '../demo/random';")).toHaveLength(1);
    expect(checkFile('src/core/util/a.ts', "import { x } from '../crs/defs';")).toHaveLength(1);
  });

  it('lets demo import all of core, and only named files past their row', () => {
    expect(checkFile('src/core/demo/a.ts', "import { x } from '../planning/types';\nimport { t } from '../tour/types';")).toEqual([]);
    expect(checkFile('src/core/sensors/synthetic.ts', "import { c } from '../demo/config';")).toEqual([]);
    expect(checkFile('src/core/sensors/validate.ts', "import { c } from '../demo/config';")).toHaveLength(1);
    expect(checkFile('src/io/a.ts', "import { c } from '../core/demo/config';")).toEqual([]);
  });

  it('has a row for every folder in src/core', () => {
    const folders = readdirSync('src/core', { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const f of folders) expect(CORE_MAY_IMPORT, f.name).toHaveProperty(f.name);
  });
});
