// The demo city's manifest (data/demo.json): the one file the viewer, tests and scripts read first.
import type { CGCS2000 } from '../crs/codes';
import type { ModelFormat, ModelPlacement } from '../models/model';
import type { DesignInput } from '../planning/designCheck';

export type DemoScale = 'small' | 'city' | 'zhengzhou';

/** Layer file names, relative to the manifest. Large layers are FlatGeobuf (.fgb), small ones GeoJSON. */
export interface DemoFiles {
  grids: string;
  buildings: string;
  roads: string;
  controlLines: string;
  parcels: string;
  greenSpaces: string;
  landUse: string;
  /** The land-use plan's revision (second plan version, for plan comparison). */
  landUse2035?: string;
  heightLimits: string;
  pipelines: string;
  sensors: string;
  dem: string;
  /** Per-building join inputs (interior points in the GK zone, areas, floors, use) made by `cim join`: src/io/joinInputs.ts. */
  buildingJoin?: string;
}

export interface PlanVersion {
  id: string;
  nameZh: string;
  nameEn: string;
  file: string;
}

export interface DemoCounts {
  buildings: number;
  gridsL1: number;
  gridsL2: number;
  gridsL3: number;
  roads: number;
  controlLines: number;
  parcels: number;
  greenSpaces: number;
  landUse: number;
  landUse2035?: number;
  heightLimits: number;
  pipelines: number;
  sensors: number;
  datastreams: number;
}

export interface DemoManifest {
  generator: string;
  scale: DemoScale;
  seed: number;
  /** CRS of every vector file: lon/lat degrees on CGCS2000 (EPSG:4490, within centimetres of WGS84). */
  crs: typeof CGCS2000;
  /** The projected CRS the city was laid out in and metric work uses: CGCS2000 GK zone 38, CM 114°E. */
  metricCrs: 'EPSG:4547';
  centerLonLatDeg: [number, number];
  /** [west, south, east, north] of all vector data. */
  bboxLonLatDeg: [number, number, number, number];
  files: DemoFiles;
  /** 3D Tiles built for this city (`cim tiles --manifest`), relative to the manifest; absent: the viewer tiles in the browser. */
  tiles?: { buildings?: string; pipelines?: string };
  counts: DemoCounts;
  dem: {
    width: number;
    height: number;
    /** [west, south, east, north] of the raster's outer pixel edges. */
    bboxLonLatDeg: [number, number, number, number];
    minM: number;
    maxM: number;
  };
  /** Parcels generated to break a planning condition on purpose, so review tests know what to expect. */
  deliberateViolations: { parcelId: string; condition: string }[];
  /** Parcels built before their height zone whose buildings stand above its limit (the 控高 analysis must list them). */
  heightZoneBreaches?: { parcelId: string; buildingIds: string[] }[];
  /** Buildings whose actual use differs from their parcel's planned land use (plan-vs-reality demo). */
  landUseConflicts?: { buildingId: string; parcelId: string; plannedUse: string; actualUse: string }[];
  /** Land-use plan versions the viewer can compare (files relative to the manifest); the first is the one in force. */
  planVersions?: PlanVersion[];
  /** Flythrough tours (src/core/tour JSON), files relative to the manifest; `?mode=ops&tour=<id>` plays one. */
  tours?: { id: string; nameZh: string; nameEn: string; file: string }[];
  /** Sensor Things per type (see sensors file). */
  sensorsByType?: Record<string, number>;
  /** 3D models placed on the city and tiled (`cim model --manifest`), one entry per id. */
  models?: ManifestModel[];
}

/** A placed 3D model (IFC, glTF, OBJ, FBX, Collada) tiled beside the city: what `cim model --manifest` writes. */
export interface ManifestModel {
  /** Unique in the manifest: the model file's name without its extension (its tileset folder's name). */
  id: string;
  /** The model file, relative to the manifest. */
  file: string;
  format: ModelFormat;
  /** Its 3D Tiles 1.1 tileset.json, relative to the manifest. */
  tileset: string;
  /** Where it stands: the file's georeferencing or the user's --at (anchor: the model point on that spot). */
  placement: ModelPlacement;
  /** The storeys in the model frame (IFC; empty for other formats). */
  storeys: { name: string; elevationM: number }[];
  elements: number;
  triangles: number;
  /** The outline kept with it (an IFC's ground-storey slabs, else the triangles' shadow), lon/lat degrees, closed ring. */
  footprintLonLatDeg: number[];
  /** An IFC's design values as the parcel review takes them (at the placement's scale); absent for other formats. */
  design?: DesignInput;
}
