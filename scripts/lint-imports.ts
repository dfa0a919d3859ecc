// `npm run lint:imports`: fails when any file imports against the layer direction.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkFile, relativePath } from './lint/importRules';

const root = process.cwd();

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

const violations = ['src', 'workers'].flatMap((dir) =>
  [...sourceFiles(join(root, dir))].flatMap((file) => checkFile(relativePath(root, file), readFileSync(file, 'utf8'))),
);
for (const v of violations) console.error(`${v.file}:${v.line}: '${v.specifier}': ${v.message}`);
console.log(JSON.stringify({ command: 'lint-imports', violations: violations.length }));
process.exit(violations.length ? 1 : 0);
