// A tiny hand-made city for browser tests of edge cases (bad input), written beside the demo city in data/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeArrayBuffer } from 'geotiff';
import type { DemoManifest } from '../../src/core/demo/manifest';
import { rectPolygon, squarePolygon } from '../../src/core/geom/rect.fixture';

const CENTER: [number, number] = [113.66, 34.76];
const D = 0.001; // about 100 m

const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

export interface TinyCity {
  dir: string;
  manifestUrl: string;
  goodBuildings: number;
  badBuildingIds: string[];
}

/**
 * Writes the tiny city to `data/<name>/`; with `bad`, two buildings carry broken geometry; with `secondDistrict`, a
 * second L1 grid (H1 > H2 > H3) lies east of the first, sharing its east edge (grid managers of one L1 each).
 */
export function writeTinyCity(name: string, bad: boolean, { secondDistrict = false } = {}): TinyCity {
  const dir = join('data', name);
  mkdirSync(dir, { recursive: true });
  const [x, y] = CENTER;
  const buildings = [
    { id: 'T-1', geometry: { type: 'Polygon', coordinates: squarePolygon(x - D, y, D / 4) }, heightM: 30, use: '07' },
    { id: 'T-2', geometry: { type: 'Polygon', coordinates: squarePolygon(x + D, y, D / 4) }, heightM: 60, use: '09' },
    // Property text that would run script if it were ever put into HTML unescaped.
    {
      id: 'T-3',
      geometry: { type: 'Polygon', coordinates: squarePolygon(x, y + D, D / 4) },
      heightM: 20,
      use: '08',
      name: '<img src=x onerror="window.__xss=1">',
    },
  ];
  const broken = bad
    ? [
        {
          id: 'BAD-nan',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [x, y],
                [Number.NaN, y],
                [x, y + D],
                [x, y],
              ],
            ],
          },
          heightM: 10,
          use: '07',
        },
        { id: 'BAD-point', geometry: { type: 'Point', coordinates: [x, y] }, heightM: 10, use: '07' },
      ]
    : [];
  const all = [...buildings, ...broken].map((b) => ({
    type: 'Feature',
    geometry: b.geometry,
    properties: {
      id: b.id,
      heightM: b.heightM,
      floors: Math.round(b.heightM / 3),
      baseM: 100,
      use: b.use,
      ...('name' in b ? { name: b.name } : {}),
    },
  }));
  const grid = (id: string, level: number, parentId: string | null, coordinates = squarePolygon(x, y, 3 * D)) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates },
    properties: { id, level, parentId, name: id },
  });
  writeFileSync(join(dir, 'buildings.geojson'), fc(all));
  // Two L3 cells split at x: T-3 sits across their shared edge, half in each.
  writeFileSync(
    join(dir, 'grids.geojson'),
    fc([
      grid('G1', 1, null),
      grid('G2', 2, 'G1'),
      grid('G3-west', 3, 'G2', rectPolygon(x - 3 * D, y - 3 * D, x, y + 3 * D)),
      grid('G3-east', 3, 'G2', rectPolygon(x, y - 3 * D, x + 3 * D, y + 3 * D)),
      ...(secondDistrict
        ? [
            grid('H1', 1, null, rectPolygon(x + 3 * D, y - 3 * D, x + 5 * D, y + 3 * D)),
            grid('H2', 2, 'H1', rectPolygon(x + 3 * D, y - 3 * D, x + 5 * D, y + 3 * D)),
            grid('H3', 3, 'H2', rectPolygon(x + 3 * D, y - 3 * D, x + 5 * D, y + 3 * D)),
          ]
        : []),
    ]),
  );
  // One street south of the buildings across the whole city, with a water main under it.
  const southStreet = {
    type: 'LineString',
    coordinates: [
      [x - 3 * D, y - D / 2],
      [x + 3 * D, y - D / 2],
    ],
  };
  writeFileSync(
    join(dir, 'roads.geojson'),
    fc([
      {
        type: 'Feature',
        geometry: southStreet,
        properties: { id: 'R1', class: 'branch', widthM: 20 },
      },
    ]),
  );
  writeFileSync(
    join(dir, 'pipelines.geojson'),
    fc([
      {
        type: 'Feature',
        geometry: southStreet,
        properties: { id: 'P1', kind: 'water', diameterMm: 300, startDepthM: 1.5, endDepthM: 2, material: 'PE' },
      },
    ]),
  );
  writeFileSync(
    join(dir, 'sensors.json'),
    JSON.stringify({
      Things: [
        {
          '@iot.id': 'S1',
          name: 'hydrant 1',
          properties: { type: 'hydrant' },
          Locations: [{ location: { type: 'Point', coordinates: [x, y - D / 2] }, properties: { depthM: 0 } }],
          Datastreams: [{ '@iot.id': 'DS1', name: 'pressure' }],
        },
      ],
    }),
  );
  const size = 16;
  const dem = new Float32Array(size * size).map((_, i) => 100 + (i % size));
  const bbox: [number, number, number, number] = [x - 0.01, y - 0.01, x + 0.01, y + 0.01];
  writeFileSync(
    join(dir, 'dem.tif'),
    Buffer.from(
      writeArrayBuffer(dem, {
        width: size,
        height: size,
        ModelPixelScale: [(bbox[2] - bbox[0]) / size, (bbox[3] - bbox[1]) / size, 0],
        ModelTiepoint: [0, 0, 0, bbox[0], bbox[3], 0],
        GeographicTypeGeoKey: 4326,
        GTModelTypeGeoKey: 2,
        GTRasterTypeGeoKey: 1,
        SampleFormat: [3],
        BitsPerSample: [32],
      }),
    ),
  );
  const empty = fc([]);
  for (const f of ['controlLines', 'parcels', 'greenSpaces', 'landUse', 'heightLimits']) writeFileSync(join(dir, `${f}.geojson`), empty);
  const manifest: DemoManifest = {
    generator: 'e2e-fixture',
    scale: 'small',
    seed: 0,
    crs: 'EPSG:4490',
    metricCrs: 'EPSG:4547',
    centerLonLatDeg: CENTER,
    bboxLonLatDeg: [x - 3 * D, y - 3 * D, x + (secondDistrict ? 5 : 3) * D, y + 3 * D],
    files: {
      grids: 'grids.geojson',
      buildings: 'buildings.geojson',
      roads: 'roads.geojson',
      controlLines: 'controlLines.geojson',
      parcels: 'parcels.geojson',
      greenSpaces: 'greenSpaces.geojson',
      landUse: 'landUse.geojson',
      heightLimits: 'heightLimits.geojson',
      pipelines: 'pipelines.geojson',
      sensors: 'sensors.json',
      dem: 'dem.tif',
    },
    counts: {
      buildings: buildings.length,
      gridsL1: secondDistrict ? 2 : 1,
      gridsL2: secondDistrict ? 2 : 1,
      gridsL3: secondDistrict ? 3 : 2,
      roads: 1,
      controlLines: 0,
      parcels: 0,
      greenSpaces: 0,
      landUse: 0,
      heightLimits: 0,
      pipelines: 1,
      sensors: 1,
      datastreams: 1,
    },
    dem: { width: size, height: size, bboxLonLatDeg: bbox, minM: 100, maxM: 115 },
    deliberateViolations: [],
  };
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(manifest, null, 2));
  return { dir, manifestUrl: `data/${name}/demo.json`, goodBuildings: buildings.length, badBuildingIds: broken.map((b) => b.id) };
}
