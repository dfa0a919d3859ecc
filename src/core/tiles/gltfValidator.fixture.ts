// Test-only: runs Khronos's glTF validator (the devDependency gltf-validator) over a glb and returns every
// issue that is not explained by the validator lacking EXT_mesh_features / EXT_structural_metadata.
// Version 2.0.0-dev.3.10 implements neither: it reports each as UNSUPPORTED_EXTENSION (info) and the
// property tables' buffer views as UNUSED_OBJECT (info). Anything else, of any severity, is returned.
// Nor does it implement EXT_meshopt_compression (UNSUPPORTED_EXTENSION, and it cannot read the compressed data): a
// compressed glb is validated twice, as written and with its views decoded (decodeMeshopt), which checks the data.
import { validateBytes } from 'gltf-validator';
import { decodeMeshopt, readGlb } from './glbRead.fixture';

const UNVALIDATED_EXTENSIONS = ['EXT_mesh_features', 'EXT_structural_metadata', 'EXT_meshopt_compression'];

export async function unexplainedGlbIssues(glb: Uint8Array): Promise<string[]> {
  const issues = await unexplainedIssues(glb);
  if (readGlb(glb).json.extensionsUsed?.includes('EXT_meshopt_compression'))
    issues.push(...(await unexplainedIssues(decodeMeshopt(glb))).map((m) => `decoded: ${m}`));
  return issues;
}

async function unexplainedIssues(glb: Uint8Array): Promise<string[]> {
  const json = readGlb(glb).json;
  const metadataViews = new Set<number>();
  for (const table of json.extensions?.EXT_structural_metadata?.propertyTables ?? []) {
    for (const prop of Object.values<Record<string, number>>(table.properties)) {
      for (const key of ['values', 'stringOffsets', 'arrayOffsets']) if (prop[key] !== undefined) metadataViews.add(prop[key]);
    }
  }
  // Buffers only compressed views point into (the BIN chunk when every view is compressed).
  const meshoptBuffers = new Set<number>();
  for (const bv of json.bufferViews ?? [])
    if (bv.extensions?.EXT_meshopt_compression) meshoptBuffers.add(bv.extensions.EXT_meshopt_compression.buffer);
  const report = await validateBytes(glb, { maxIssues: 0 });
  return report.issues.messages
    .filter((m) => {
      if (m.severity < 2) return true;
      if (m.code === 'UNSUPPORTED_EXTENSION') return !UNVALIDATED_EXTENSIONS.some((e) => m.message.includes(`'${e}'`));
      if (m.code === 'UNUSED_OBJECT' && meshoptBuffers.has(Number(/^\/buffers\/(\d+)$/.exec(m.pointer ?? '')?.[1] ?? NaN))) return false;
      if (m.code === 'UNUSED_OBJECT') return !metadataViews.has(Number(/^\/bufferViews\/(\d+)$/.exec(m.pointer ?? '')?.[1] ?? NaN));
      return true;
    })
    .map((m) => `${['error', 'warning', 'info', 'hint'][m.severity]} ${m.code} ${m.pointer ?? ''}: ${m.message}`);
}
