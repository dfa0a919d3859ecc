// A city whose layers a user replaced with their own imported files: which manifest file each import role replaces,
// and the manifest the viewer then opens (what was derived from the replaced file is dropped with it, so nothing
// built from the old file is shown or used beside the new one).
import type { ImportRole } from '../import/roles';
import type { DemoFiles, DemoManifest } from './manifest';

/** The manifest's file key of each import role (README "Data contracts"): the file a layer in that role is (`cim import`) or replaces (the viewer); an overlay is added beside the city. */
export const ROLE_FILE = {
  buildings: 'buildings',
  grids: 'grids',
  pipelines: 'pipelines',
  parcels: 'parcels',
  controlLines: 'controlLines',
  heightLimits: 'heightLimits',
  greenSpaces: 'greenSpaces',
} as const satisfies Partial<Record<ImportRole, keyof DemoFiles>>;

export type ReplacingRole = keyof typeof ROLE_FILE;

export function replacesCityFile(role: ImportRole): role is ReplacingRole {
  return role in ROLE_FILE;
}

/** A city file replaced by an import. */
export interface ReplacedFile {
  /** Where the converted layer is (a blob: URL in the browser, a path beside the manifest elsewhere). */
  url: string;
  /** The file the user imported, as they named it. */
  name: string;
  features: number;
  /** Features skipped as unreadable or invalid (named in the import's report). */
  problems?: number;
  /** Identifies the content (a hash of the converted bytes): the same file imported again is the same layer. */
  key: string;
  bboxLonLatDeg: [number, number, number, number];
}

export type ReplacedFiles = Partial<Record<ReplacingRole, ReplacedFile>>;

const COUNT_OF: Record<ReplacingRole, (keyof DemoManifest['counts'])[]> = {
  buildings: ['buildings'],
  grids: [],
  pipelines: ['pipelines'],
  parcels: ['parcels'],
  controlLines: ['controlLines'],
  heightLimits: ['heightLimits'],
  greenSpaces: ['greenSpaces'],
};

/**
 * The manifest with each replaced file in place. Derived data goes with the file it came from: the buildings' prebuilt
 * tiles and join inputs, the pipelines' tiles, and the demo's facts about its own parcels (deliberate violations,
 * height-zone breaches, land-use conflicts) once parcels or buildings are someone else's. A replaced layer also widens
 * the city's extent to take it in.
 */
export function withReplacedFiles(manifest: DemoManifest, replaced: ReplacedFiles): DemoManifest {
  const roles = Object.keys(replaced) as ReplacingRole[];
  if (roles.length === 0) return manifest;
  const out: DemoManifest = {
    ...manifest,
    files: { ...manifest.files },
    counts: { ...manifest.counts },
    ...(manifest.tiles && { tiles: { ...manifest.tiles } }),
  };
  const bbox = [...manifest.bboxLonLatDeg] as [number, number, number, number];
  for (const role of roles) {
    const file = replaced[role]!;
    out.files[ROLE_FILE[role]] = file.url;
    for (const c of COUNT_OF[role]) (out.counts as unknown as Record<string, number>)[c] = file.features;
    const [w, s, e, n] = file.bboxLonLatDeg;
    bbox[0] = Math.min(bbox[0], w);
    bbox[1] = Math.min(bbox[1], s);
    bbox[2] = Math.max(bbox[2], e);
    bbox[3] = Math.max(bbox[3], n);
  }
  out.bboxLonLatDeg = bbox;
  if (replaced.buildings) {
    delete out.files.buildingJoin;
    if (out.tiles) delete out.tiles.buildings;
  }
  if (replaced.pipelines && out.tiles) delete out.tiles.pipelines;
  if (replaced.buildings || replaced.parcels) {
    out.deliberateViolations = [];
    delete out.heightZoneBreaches;
    delete out.landUseConflicts;
  }
  return out;
}
