// The join-inputs file on disk for `cim join`: used when it matches the buildings, else rewritten
// atomically, and named in the city's manifest (src/io/joinInputs.ts is the format).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { decodeJoinInputs, encodeJoinInputs, JoinInputsError, type JoinInputs, type JoinInputsExpectation } from '../../src/io/joinInputs';
import { CliError } from './args';

/** The file's inputs when it matches `expect`; null (with a warning saying why) when it is missing, stale or broken. */
export function readJoinInputsFile(path: string, expect: JoinInputsExpectation): JoinInputs | null {
  if (!existsSync(path)) return null;
  try {
    return decodeJoinInputs(readFileSync(path), path, expect);
  } catch (err) {
    const why = err instanceof JoinInputsError ? err.message : `${path}: ${(err as Error).message}`;
    console.warn(`${why}; ignored, it is made afresh`);
    return null;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeJoinInputsFile(path: string, inputs: JoinInputs): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, encodeJoinInputs(inputs));
  renameSync(tmp, path);
}

/** Names the file in the city manifest as `files.buildingJoin` (relative to the manifest), written atomically too. */
export function registerJoinInputs(manifestPath: string, inputsPath: string): void {
  let manifest: DemoManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
  } catch (err) {
    throw new CliError(`cannot read the manifest ${manifestPath}: ${(err as Error).message}`);
  }
  manifest.files.buildingJoin = relative(dirname(manifestPath), inputsPath).split(sep).join('/');
  const tmp = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, manifestPath);
}
