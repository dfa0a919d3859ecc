// Import direction: core ← io ← state ← scene/ui ← app, workers over core/io only; inside core, each folder
// imports only the core folders its row of CORE_MAY_IMPORT lists. Each layer lists the layers and npm packages it may import.
import { dirname, join, normalize, relative } from 'node:path';

export type Layer = 'core' | 'io' | 'state' | 'scene' | 'ui' | 'app' | 'workers';

const MAY_IMPORT: Record<Layer, Layer[]> = {
  core: ['core'],
  io: ['core', 'io'],
  state: ['core', 'io', 'state'],
  scene: ['core', 'io', 'state', 'scene'],
  ui: ['core', 'io', 'state', 'ui'],
  app: ['core', 'io', 'state', 'scene', 'ui', 'app', 'workers'],
  workers: ['core', 'io', 'workers'],
};

/**
 * The src/core folders each core folder may import besides itself: util is the base, crs/geom the geometry below
 * everything, demo (the city generator) may import all of core and nothing else in core imports demo.
 * A folder missing from this table may import nothing: add its row when you add the folder.
 */
const CORE_FOLDERS = [
  'util',
  'crs',
  'geom',
  'pipes',
  'style',
  'tour',
  'spatial',
  'grid',
  'planning',
  'sensors',
  'tiles',
  'import',
  'access',
  'models',
  'demo',
] as const;
export const CORE_MAY_IMPORT: Record<string, readonly string[]> = {
  util: [],
  crs: ['util'],
  geom: ['util', 'crs'],
  pipes: ['util', 'crs', 'geom'],
  style: ['util', 'crs', 'geom'],
  tour: ['util', 'crs', 'geom'],
  spatial: ['util', 'crs', 'geom'],
  grid: ['util', 'crs', 'geom', 'spatial'],
  planning: ['util', 'crs', 'geom', 'spatial'],
  sensors: ['util', 'crs', 'geom', 'spatial', 'grid'],
  tiles: ['util', 'crs', 'geom', 'pipes'],
  import: ['util'],
  access: [],
  models: ['util', 'crs', 'geom', 'tiles', 'planning'],
  demo: CORE_FOLDERS,
};

/** Single files allowed one more core folder than their folder's row, each with the reason. */
const CORE_FILE_EXCEPTIONS: Record<string, { folders: readonly string[]; why: string }> = {
  'src/core/sensors/synthetic.ts': { folders: ['demo'], why: "benches and tests replay the demo city's own sensors" },
};

/** The folder under src/core a path lies in, or null outside core or for a file directly in src/core. */
export function coreFolderOf(path: string): string | null {
  return /^src\/core\/([^/]+)\//.exec(path.replace(/\\/g, '/'))?.[1] ?? null;
}

function coreFolderViolation(from: string, target: string): string | null {
  const a = coreFolderOf(from);
  const b = coreFolderOf(target);
  if (!a || !b || a === b) return null;
  if ((CORE_MAY_IMPORT[a] ?? []).includes(b) || CORE_FILE_EXCEPTIONS[from]?.folders.includes(b)) return null;
  return `core/${a} may not import core/${b} (allowed: ${(CORE_MAY_IMPORT[a] ?? []).join(', ') || 'none'}; see CORE_MAY_IMPORT)`;
}

/** Packages that tie code to a renderer, the DOM or React; `true` = the layer may use them. */
const HEAVY_PACKAGES = ['cesium', 'resium', 'three', 'react', 'react-dom', 'antd', 'echarts', 'zustand', 'react-i18next', 'i18next'];
const MAY_USE: Record<Layer, (pkg: string, file: string) => boolean> = {
  core: () => false,
  // three.js's loaders parse glTF/OBJ/FBX/Collada (no renderer, no DOM): only the model readers use them.
  io: (pkg, file) => pkg === 'three' && file.includes('/io/models/'),
  workers: () => false,
  // The store is plain zustand; only state/react/ may touch React.
  state: (pkg, file) => pkg === 'zustand' || ((pkg === 'react' || pkg === 'react-dom') && file.includes('/state/react/')),
  scene: (pkg) => ['cesium', 'resium', 'react', 'react-dom'].includes(pkg),
  ui: (pkg) => !['cesium', 'resium', 'three'].includes(pkg),
  app: () => true,
};

export interface ImportViolation {
  file: string;
  line: number;
  specifier: string;
  message: string;
}

export function layerOf(path: string): Layer | null {
  const p = path.replace(/\\/g, '/');
  if (p.startsWith('workers/')) return 'workers';
  const m = /^src\/(core|io|state|scene|ui|app)\//.exec(p);
  return m ? (m[1] as Layer) : null;
}

const IMPORT_RE =
  /(?:^|[^\w.])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])import\s+['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g;

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Violations in one file; `path` is relative to the repository root with forward slashes. */
export function checkFile(path: string, source: string): ImportViolation[] {
  const from = layerOf(path);
  if (!from) return [];
  const out: ImportViolation[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    const line = source.slice(0, m.index + m[0].length - m[0].trimStart().length).split('\n').length;
    if (spec.startsWith('.')) {
      const target = normalize(join(dirname(path), spec)).replace(/\\/g, '/');
      const to = layerOf(target);
      if (!to) {
        if (!target.startsWith('node_modules'))
          out.push({ file: path, line, specifier: spec, message: `imports ${target}, outside src/ and workers/` });
        continue;
      }
      if (!MAY_IMPORT[from].includes(to))
        out.push({ file: path, line, specifier: spec, message: `${from} may not import ${to} (core ← io ← state ← scene/ui ← app)` });
      const sideways = coreFolderViolation(path, target);
      if (sideways) out.push({ file: path, line, specifier: spec, message: sideways });
    } else if (!spec.startsWith('node:')) {
      const pkg = packageName(spec);
      if (HEAVY_PACKAGES.includes(pkg) && !MAY_USE[from](pkg, path)) {
        out.push({ file: path, line, specifier: spec, message: `${from} may not import the package ${pkg}` });
      }
    } else {
      out.push({ file: path, line, specifier: spec, message: `${from} runs in the browser too and may not import Node built-ins` });
    }
  }
  return out;
}

export function relativePath(root: string, file: string): string {
  return relative(root, file).replace(/\\/g, '/');
}
