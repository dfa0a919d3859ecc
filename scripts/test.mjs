// `npm test`: set-up, import lint, format check, lint, type check, unit tests, production build, browser tests.
// Prints one closing line "test: N passed, N failed" counting the individual tests of every step.
import { mkdirSync, readFileSync } from 'node:fs';
import { ensureDemo, ensureDependencies, run } from './setup.mjs';

ensureDependencies();
ensureDemo();
mkdirSync('test-output', { recursive: true });

const node = process.execPath;
const steps = [
  { name: 'import lint', cmd: [node, '--import', 'tsx', 'scripts/lint-imports.ts'] },
  { name: 'format check', cmd: [node, 'node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'] },
  { name: 'lint', cmd: [node, 'node_modules/eslint/bin/eslint.js', '.'] },
  { name: 'type check', cmd: [node, 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'] },
  // core and io once more without the DOM library (tsconfig.core.json says why).
  { name: 'type check core/io', cmd: [node, 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.core.json'] },
  {
    name: 'unit tests',
    cmd: [
      node,
      'node_modules/vitest/vitest.mjs',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-output/vitest.json',
    ],
    counts: () => {
      const r = JSON.parse(readFileSync('test-output/vitest.json', 'utf8'));
      return { passed: r.numPassedTests, failed: r.numFailedTests };
    },
  },
  { name: 'build', cmd: [node, 'node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'] },
  {
    name: 'browser tests',
    cmd: [
      node,
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      '--test-reporter-destination=test-output/e2e.tap',
      'tests/e2e/viewer.e2e.ts',
      'tests/e2e/planning.e2e.ts',
      'tests/e2e/live.e2e.ts',
      'tests/e2e/opsTour.e2e.ts',
      'tests/e2e/opsAuthoring.e2e.ts',
      'tests/e2e/opsWall.e2e.ts',
      'tests/e2e/opsRestart.e2e.ts',
      'tests/e2e/opsAlarm.e2e.ts',
      'tests/e2e/gridEdit.e2e.ts',
      'tests/e2e/importDialog.e2e.ts',
      'tests/e2e/importRoles.e2e.ts',
      'tests/e2e/overlayWorker.e2e.ts',
      'tests/e2e/serverSession.e2e.ts',
      'tests/e2e/sharedGrid.e2e.ts',
      'tests/e2e/serverReview.e2e.ts',
      'tests/e2e/models.e2e.ts',
      // The city scale (200k buildings): its set-up (cim demo, join, tiles into data/bench/city) runs in the suite.
      'tests/e2e/cityScale.e2e.ts',
    ],
    counts: () => {
      const tap = readFileSync('test-output/e2e.tap', 'utf8');
      const num = (k) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(tap)?.[1] ?? 0);
      return { passed: num('pass'), failed: num('fail') + num('cancelled') };
    },
  },
];

let passed = 0;
let failed = 0;
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const status = run(step.cmd[0], step.cmd.slice(1));
  let counts = status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  if (step.counts) {
    try {
      counts = step.counts();
      if (status !== 0 && counts.failed === 0) counts.failed = 1;
    } catch {
      // The step died before writing its report: count the step itself.
    }
  }
  passed += counts.passed;
  failed += counts.failed;
  console.log(`=== ${step.name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} ===`);
}
console.log(`\ntest: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
