// Packed polygon and line columns built vertex by vertex, holding the one rule for a usable ring or line and
// the one way a skipped feature is named: GeoJSON (packGeoJson) and FlatGeobuf (flatgeobufColumns) both stream here.
import { F64Builder, U32Builder } from '../core/util/growable';
import type { PackedLines, PackedPolygons } from '../core/geom/packed';
import { featureProblemText, type FeatureProblemRef } from './dataFileText';

/** A skipped feature: `kind` and `params` for the catalogue (dataFileText.ts), `message` in English. */
export type FeatureProblem = {
  file: string;
  index: number;
  id: string;
  message: string;
} & FeatureProblemRef;

/** A skipped feature, its English message rendered from the catalogue. */
export const featureProblem = (file: string, index: number, id: string, ref: FeatureProblemRef): FeatureProblem => ({
  file,
  index,
  id,
  message: featureProblemText(ref, 'en'),
  ...ref,
});

export interface PackResult<T> {
  packed: T;
  /** Index into the source features of each packed feature (bad ones are skipped). */
  sourceIndex: Uint32Array;
  problems: FeatureProblem[];
}

/** Coordinates, bounding boxes, ids and source indexes of kept features; a skipped feature's partial output is rolled back. */
abstract class FeatureColumns {
  protected readonly coords = new F64Builder();
  private readonly bbox = new F64Builder();
  private readonly ids: string[] = [];
  private readonly source = new U32Builder();
  private readonly problems: FeatureProblem[] = [];
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;
  /** Coordinates' length where the current ring or line began, and whether it has a non-finite vertex. */
  protected partFrom = 0;
  protected partNonFinite = false;
  /** Lengths of the coordinates and of `starts` after the last kept feature: where a skipped one is cut back to. */
  private coordsKept = 0;
  private readonly startsKept: Uint32Array;

  constructor(
    readonly file: string,
    private readonly expected: 'Polygon or MultiPolygon' | 'LineString or MultiLineString',
    private readonly starts: U32Builder[],
  ) {
    this.startsKept = new Uint32Array(starts.length);
  }

  /** A new feature's bounding box starts empty. */
  protected beginFeature(): void {
    this.minX = this.minY = Infinity;
    this.maxX = this.maxY = -Infinity;
  }

  protected beginPart(): void {
    this.partFrom = this.coords.length;
    this.partNonFinite = false;
  }

  vertex(x: number, y: number): void {
    this.coords.push(x);
    this.coords.push(y);
    if (!Number.isFinite(x) || !Number.isFinite(y)) this.partNonFinite = true;
    if (x < this.minX) this.minX = x;
    if (y < this.minY) this.minY = y;
    if (x > this.maxX) this.maxX = x;
    if (y > this.maxY) this.maxY = y;
  }

  /** Keeps the feature streamed since feature() as source feature `index`. */
  keep(id: string, index: number): void {
    this.bbox.push(this.minX);
    this.bbox.push(this.minY);
    this.bbox.push(this.maxX);
    this.bbox.push(this.maxY);
    this.ids.push(id);
    this.source.push(index);
    this.coordsKept = this.coords.length;
    for (let i = 0; i < this.starts.length; i++) this.startsKept[i] = this.starts[i].length;
  }

  /** Drops whatever of source feature `index` was streamed and names it among the problems. */
  skip(index: number, id: string, problem: FeatureProblemRef): void {
    this.coords.length = this.coordsKept;
    for (let i = 0; i < this.starts.length; i++) this.starts[i].length = this.startsKept[i];
    this.problems.push(featureProblem(this.file, index, id, problem));
  }

  /** Why a feature whose geometry is of another type (`geometry`: its type's name, or 'missing') is skipped. */
  wrongType(geometry: string): FeatureProblemRef {
    return { kind: 'geometry-type', params: { geometry, expected: this.expected } };
  }

  /** The columns every layer has, for finish(). */
  protected finishFeatures(): {
    coords: Float64Array;
    bbox: Float64Array;
    ids: string[];
    sourceIndex: Uint32Array;
    problems: FeatureProblem[];
  } {
    return {
      coords: this.coords.finish(),
      bbox: this.bbox.finish(),
      ids: this.ids,
      sourceIndex: this.source.finish(),
      problems: this.problems,
    };
  }
}

/**
 * True when the closed ring coords[from .. to) encloses no area: twice its shoelace area is below 1e-9 of its
 * bounding box's squared diagonal, far above rounding (1e-16) and far below any real footprint (a 1 × 100 m shed: 0.02).
 */
function zeroArea(c: Float64Array, from: number, to: number): boolean {
  const ox = c[from],
    oy = c[from + 1];
  let twice = 0;
  let minX = 0,
    minY = 0,
    maxX = 0,
    maxY = 0;
  for (let i = from + 2; i + 3 < to; i += 2) {
    const x0 = c[i] - ox,
      y0 = c[i + 1] - oy,
      x1 = c[i + 2] - ox,
      y1 = c[i + 3] - oy;
    twice += x0 * y1 - x1 * y0;
    minX = Math.min(minX, x0);
    maxX = Math.max(maxX, x0);
    minY = Math.min(minY, y0);
    maxY = Math.max(maxY, y0);
  }
  const w = maxX - minX,
    h = maxY - minY;
  return Math.abs(twice) <= 1e-9 * (w * w + h * h);
}

/** Polygons as rings of vertices: a ring needs ≥ 4 finite vertices and to end where it starts; the closing vertex is not stored. */
export class PolygonColumns extends FeatureColumns {
  private readonly ringStart: U32Builder;
  private readonly polyRingStart: U32Builder;
  private readonly featurePolyStart: U32Builder;

  constructor(file: string) {
    const starts = [new U32Builder(), new U32Builder(), new U32Builder()];
    super(file, 'Polygon or MultiPolygon', starts);
    [this.ringStart, this.polyRingStart, this.featurePolyStart] = starts;
  }

  /** Starts a feature; then polygon(), and ring() + vertex() … + endRing() for each of its rings. */
  feature(): void {
    this.beginFeature();
    this.featurePolyStart.push(this.polyRingStart.length);
  }

  /** Whether the next ring is a polygon's first (outer) one. */
  private outer = false;

  polygon(): void {
    this.polyRingStart.push(this.ringStart.length);
    this.outer = true;
  }

  ring(): void {
    this.beginPart();
    this.ringStart.push(this.coords.length / 2);
  }

  /** Checks the ring streamed since ring() and drops its closing vertex; why the feature must be skipped, if it must. */
  endRing(): FeatureProblemRef | null {
    const c = this.coords;
    const from = this.partFrom;
    const count = (c.length - from) / 2;
    const outer = this.outer;
    this.outer = false;
    if (count < 4) return { kind: 'ring-short', params: { count } };
    if (this.partNonFinite) return { kind: 'non-finite', params: {} };
    if (c.data[from] !== c.data[c.length - 2] || c.data[from + 1] !== c.data[c.length - 1]) return { kind: 'ring-unclosed', params: {} };
    // A zero-area outer ring (collinear or repeated points) has no inside: no footprint, no site area, no mesh.
    if (outer && zeroArea(c.data, from, c.length)) return { kind: 'ring-zero-area', params: {} };
    c.length -= 2;
    return null;
  }

  finish(): PackResult<PackedPolygons> {
    this.ringStart.push(this.coords.length / 2);
    this.polyRingStart.push(this.ringStart.length - 1);
    this.featurePolyStart.push(this.polyRingStart.length - 1);
    const { coords, bbox, ids, sourceIndex, problems } = this.finishFeatures();
    const ringStart = this.ringStart.finish();
    const polyRingStart = this.polyRingStart.finish();
    const featurePolyStart = this.featurePolyStart.finish();
    return { packed: { coords, ringStart, polyRingStart, featurePolyStart, bbox, ids }, sourceIndex, problems };
  }
}

/** Lines as parts of vertices: a part needs ≥ 2 vertices, all finite. */
export class LineColumns extends FeatureColumns {
  private readonly partStart: U32Builder;
  private readonly featurePartStart: U32Builder;

  constructor(file: string) {
    const starts = [new U32Builder(), new U32Builder()];
    super(file, 'LineString or MultiLineString', starts);
    [this.partStart, this.featurePartStart] = starts;
  }

  /** Starts a feature; then line() + vertex() … + endLine() for each of its parts. */
  feature(): void {
    this.beginFeature();
    this.featurePartStart.push(this.partStart.length);
  }

  line(): void {
    this.beginPart();
    this.partStart.push(this.coords.length / 2);
  }

  /** Checks the part streamed since line(); why the feature must be skipped, if it must. */
  endLine(): FeatureProblemRef | null {
    if (this.coords.length - this.partFrom < 4) return { kind: 'line-short', params: {} };
    return this.partNonFinite ? { kind: 'non-finite', params: {} } : null;
  }

  finish(): PackResult<PackedLines> {
    this.partStart.push(this.coords.length / 2);
    this.featurePartStart.push(this.partStart.length - 1);
    const { coords, bbox, ids, sourceIndex, problems } = this.finishFeatures();
    const partStart = this.partStart.finish();
    const featurePartStart = this.featurePartStart.finish();
    return { packed: { coords, partStart, featurePartStart, bbox, ids }, sourceIndex, problems };
  }
}
