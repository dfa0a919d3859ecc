// Import direction: core ← io ← state ← scene/ui ← app, workers over core/io only.
// Each layer lists the project layers and the npm packages it may import.
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

/** Packages that tie code to a renderer, the DOM or React; `true` = the layer may use them. */
const HEAVY_PACKAGES = ['cesium', 'resium', 'three', 'react', 'react-dom', 'antd', 'echarts', 'zustand', 'react-i18next', 'i18next'];
const MAY_USE: Record<Layer, (pkg: string, file: string) => boolean> = {
  core: () => false,
  io: () => false,
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
