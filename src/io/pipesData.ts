// Pipeline features -> the columns the pipe tiles need; a DEM GeoTIFF -> the height grid that puts
// them at their depth below the ground.
import type { HeightGrid } from '../core/geom/heightGrid';
import type { PipeColumns } from '../core/tiles/pipeTable';
import type { GeoJsonFeature } from './featureFile';
import { DataFileError } from './featureFile';
import { readGeoTiffFloat32 } from './geotiff';
import { categoryColumn, numberColumn, packLines, stringColumn, type FeatureProblem } from './packGeoJson';
import { pipeDepthColumns } from './pipeDepth';

export function pipesFromFeatures(features: GeoJsonFeature[], file: string): { columns: PipeColumns; problems: FeatureProblem[] } {
  const { packed, sourceIndex, problems } = packLines(features, file);
  const kind = categoryColumn(features, sourceIndex, 'kind');
  const { startDepthM, endDepthM, problems: valueProblems } = pipeDepthColumns(features, sourceIndex, file, packed.ids);
  return {
    columns: {
      lines: packed,
      kindIndex: kind.index,
      kinds: kind.values,
      diameterMm: numberColumn(features, sourceIndex, 'diameterMm'),
      widthMm: numberColumn(features, sourceIndex, 'widthMm'),
      heightMm: numberColumn(features, sourceIndex, 'heightMm'),
      startDepthM,
      endDepthM,
      material: stringColumn(features, sourceIndex, 'material'),
    },
    problems: [...problems, ...valueProblems],
  };
}

/** A DEM GeoTIFF on a lon/lat grid as a HeightGrid; a projected or unreadable file is a clear error. */
export async function readDem(bytes: Uint8Array, file: string): Promise<HeightGrid> {
  let r;
  try {
    r = await readGeoTiffFloat32(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (err) {
    throw new DataFileError(file, { kind: 'geotiff-unreadable', params: { detail: (err as Error).message } });
  }
  if (r.epsg !== null && r.epsg !== 4326 && r.epsg !== 4490) throw new DataFileError(file, { kind: 'dem-crs', params: { epsg: r.epsg } });
  return { width: r.width, height: r.height, bboxDeg: r.bboxLonLatDeg, heightsM: r.values };
}
