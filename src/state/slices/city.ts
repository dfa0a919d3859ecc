// City slice: the manifest being loaded and how far, what each layer drew, the problems found, the selection
// and a building file the user opened.
import type { DemoManifest } from '../../core/demo/manifest';
import type { ImportRole } from '../../core/import/roles';
import type { ReplacedFile, ReplacedFiles, ReplacingRole } from '../../core/demo/replaceFiles';
import type { DataFileErrorData } from '../../io/dataFileText';
import type { FeatureProblem } from '../../io/packGeoJson';
import type { LayerDataKey } from '../../io/layerData';
import type { SliceStore } from '../sliceStore';
import type { UrlState } from '../urlState';

export interface Selection {
  /**
   * 'imported': a building of a file the user opened (its properties come with the pick); 'overlay': a feature of an
   * overlay; 'model': an element of a placed 3D model (index: its feature id; properties: its metadata row).
   */
  layer: LayerDataKey | 'imported' | 'overlay' | 'model';
  index: number;
  properties: Record<string, unknown> | null;
}

export type LoadPhase = 'loading' | 'ready' | 'error';

export interface ImportedFile {
  name: string;
  phase: 'tiling' | 'done' | 'error';
  /** The role it is imported in ('buildings' once done: buildings added beside the city). */
  role?: ImportRole;
  /** The converted buildings, served from memory: drawn again when the city reopens. */
  url?: string;
  features?: number;
  /** Features skipped as malformed. */
  problems?: number;
  error?: string;
  /** The error as data when it is a DataFileError, for the page's language (`error` stays English). */
  problem?: DataFileErrorData;
}

export interface CitySlice {
  dataUrl: string;
  manifest: DemoManifest | null;
  /** `error` in English; `problem` the same error as data when it is a DataFileError, for the page's language. */
  load: { phase: LoadPhase; step: string; error?: string; problem?: DataFileErrorData };
  /** Features drawn per layer. */
  counts: Partial<Record<LayerDataKey, number>>;
  /** Buildings per land-use code, for the legend chart. */
  buildingsByUse: Record<string, number>;
  problems: FeatureProblem[];
  selection: Selection | null;
  /** A building file the user opened, tiled in the browser and drawn beside the city. */
  imported: ImportedFile | null;
  /** City layers the user replaced with imported files (kept for the page's life: the city reopens with them). */
  replaced: ReplacedFiles;
}

export function initialCity(url: UrlState): CitySlice {
  return {
    dataUrl: url.data,
    manifest: null,
    load: { phase: 'loading', step: 'manifest' },
    counts: {},
    buildingsByUse: {},
    problems: [],
    selection: null,
    imported: null,
    replaced: {},
  };
}

type Store = SliceStore<CitySlice>;

export const cityActions = {
  loadStep(store: Store, step: string): void {
    store.setState({ load: { phase: 'loading', step } });
  },
  loadFailed(store: Store, error: string, problem?: DataFileErrorData): void {
    store.setState((s) => ({ load: { phase: 'error', step: s.load.step, error, ...(problem && { problem }) } }));
  },
  loaded(store: Store): void {
    store.setState({ load: { phase: 'ready', step: 'done' } });
  },
  /** The city loads again in a rebuilt viewer: its problems are found again. */
  reloadCity(store: Store): void {
    store.setState({ problems: [], load: { phase: 'loading', step: 'manifest' } });
  },
  setManifest(store: Store, manifest: DemoManifest): void {
    store.setState({ manifest });
  },
  countLayer(store: Store, key: LayerDataKey, features: number): void {
    store.setState((s) => ({ counts: { ...s.counts, [key]: features } }));
  },
  addProblems(store: Store, problems: readonly FeatureProblem[]): void {
    if (problems.length) store.setState((s) => ({ problems: [...s.problems, ...problems] }));
  },
  setBuildingsByUse(store: Store, buildingsByUse: Record<string, number>): void {
    store.setState({ buildingsByUse });
  },
  select(store: Store, selection: Selection | null): void {
    store.setState({ selection });
  },
  setImported(store: Store, imported: ImportedFile | null): void {
    store.setState({ imported });
  },
  /** A city layer replaced by an imported file (`null`: the city's own file again). */
  replaceCityFile(store: Store, role: ReplacingRole, file: ReplacedFile | null): void {
    store.setState((s) => {
      const replaced = { ...s.replaced };
      if (file) replaced[role] = file;
      else delete replaced[role];
      return { replaced };
    });
  },
};
