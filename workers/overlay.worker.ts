// Overlay worker: holds one overlay layer the user imported (its FlatGeobuf bytes, boxes and R-tree), styles it by a
// field, draws its imagery tiles and finds the feature under a click, so nothing per feature runs on the page.
import { expose, transfer } from 'comlink';
import { classColours, type FieldStyle } from '../src/core/style/fieldStyle';
import type { FeatureProblem } from '../src/io/featureColumns';
import { workerEndpoint } from './endpoint';
import { featureProperties, loadOverlay, type OverlayData } from './overlayData';
import { featureAt } from './overlayPick';
import { overlayFields, styleOverlay, type OverlayStyleRequest } from './overlayStyle';
import { classCss, drawOverlayTile, type TileStyle } from './overlayTiles';

export interface OverlayLoaded {
  /** Features drawn (skipped ones not counted). */
  count: number;
  bboxLonLatDeg: [number, number, number, number];
  fields: { name: string; numeric: boolean }[];
  /** Features skipped (no usable geometry), named by file, index and id; the first 100. */
  problems: FeatureProblem[];
  skipped: number;
}

let data: OverlayData | null = null;
let style: TileStyle | null = null;

function requireData(): OverlayData {
  if (!data) throw new Error('no overlay loaded: call load first');
  return data;
}

const api = {
  /** Takes over a FlatGeobuf (lon/lat; bytes, or a Blob read here) and indexes it; replaces any overlay held before. */
  async load(input: Uint8Array | Blob, file: string): Promise<OverlayLoaded> {
    data = null;
    style = null;
    const bytes = input instanceof Blob ? new Uint8Array(await input.arrayBuffer()) : input;
    const d = loadOverlay(bytes, file);
    data = d;
    return {
      count: d.rows.length,
      bboxLonLatDeg: d.bboxLonLatDeg,
      fields: overlayFields(d),
      problems: d.problems.slice(0, 100),
      skipped: d.problems.length,
    };
  },

  /** Styles the overlay by a field; the legend with counts. Tiles drawn after this use the new style. */
  setStyle(request: OverlayStyleRequest): FieldStyle {
    const styled = styleOverlay(requireData(), request);
    const rgba = classColours(styled.style);
    style = { classOf: styled.classOf, rgba, css: classCss(rgba) };
    return styled.style;
  },

  tile(x: number, y: number, level: number): ImageBitmap {
    if (!style) throw new Error('overlay not styled: call setStyle first');
    const image = drawOverlayTile(requireData(), style, x, y, level);
    return transfer(image, [image]);
  },

  /** The properties of the drawn feature under a lon/lat point (within `toleranceDeg`), null when none. */
  featureAt(lonDeg: number, latDeg: number, toleranceDeg: number): { index: number; properties: Record<string, unknown> } | null {
    const d = requireData();
    const row = featureAt(d, style?.classOf ?? null, lonDeg, latDeg, toleranceDeg);
    return row < 0 ? null : { index: row, properties: featureProperties(d, row) };
  },

  /** Frees the overlay (the worker is terminated after, but a reused worker must not keep 100s of MB). */
  clear(): void {
    data = null;
    style = null;
  },
};

expose(api, workerEndpoint());
export type OverlayApi = typeof api;
