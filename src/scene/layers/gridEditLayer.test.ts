// The grid editor's handle under a press, on a stand-in viewer whose screen is a linear lon/lat projection: a far view
// (a cell's handles crowded into a few pixels) grabs none, so the press stays a click that selects a grid.
import * as Cesium from 'cesium';
import type { Viewer } from 'cesium';
import { describe, expect, it } from 'vitest';
import { createGridEditLayer } from './gridEditLayer';

/** A viewer whose canvas shows lon/lat linearly at `pxPerDeg` around 113.66, 34.76. */
function viewerAt(pxPerDeg: number): Viewer {
  const projected = (p: Cesium.Cartesian3, out: Cesium.Cartesian2) => {
    const c = Cesium.Cartographic.fromCartesian(p);
    out.x = (Cesium.Math.toDegrees(c.longitude) - 113.66) * pxPerDeg + 640;
    out.y = (34.76 - Cesium.Math.toDegrees(c.latitude)) * pxPerDeg + 360;
    return out;
  };
  return {
    camera: { moveEnd: new Cesium.Event() },
    scene: {
      primitives: new Cesium.PrimitiveCollection(),
      globe: { getHeight: () => 100 },
      cartesianToCanvasCoordinates: projected,
      requestRender() {},
    },
  } as unknown as Viewer;
}

const overlay = { visible: true, cellRings: [], hoverEdge: null, hoverRings: [], preview: [], snap: null, markers: [] };
// An L3 cell about 300 m across: its corners as handles.
const handles = [
  { node: 1, lonLat: [113.66, 34.76] as [number, number] },
  { node: 2, lonLat: [113.663, 34.76] as [number, number] },
  { node: 3, lonLat: [113.663, 34.763] as [number, number] },
];

describe('the grid editor’s handle under a press', () => {
  it('is the handle within reach when the cell is big on screen', () => {
    const layer = createGridEditLayer(viewerAt(100_000)); // 300 px between corners
    layer.update({ ...overlay, handles });
    expect(layer.handleAt(new Cesium.Cartesian2(640 + 300 + 4, 360 - 3), 10)).toBe(2);
    expect(layer.handleAt(new Cesium.Cartesian2(640 + 150, 360), 10)).toBeNull();
  });

  it('is none where the cell’s handles crowd within reach of the press (a far view)', () => {
    const layer = createGridEditLayer(viewerAt(1_000)); // 3 px between corners
    layer.update({ ...overlay, handles });
    expect(layer.handleAt(new Cesium.Cartesian2(640, 360), 10)).toBeNull();
  });
});

describe('the grid editor’s overlay heights', () => {
  it('samples the terrain once per vertex across redraws, again where it had no height yet and after the camera moved', () => {
    const asked: string[] = [];
    const viewer = viewerAt(100_000);
    const known = new Set(['113.66,34.76', '113.663,34.76']);
    (viewer.scene as unknown as { globe: object }).globe = {
      getHeight(c: Cesium.Cartographic) {
        const key = `${+Cesium.Math.toDegrees(c.longitude).toFixed(6)},${+Cesium.Math.toDegrees(c.latitude).toFixed(6)}`;
        asked.push(key);
        return known.has(key) ? 100 : undefined;
      },
    };
    const layer = createGridEditLayer(viewer);
    layer.update({ ...overlay, handles });
    expect(asked).toHaveLength(3);
    layer.update({ ...overlay, handles });
    layer.update({ ...overlay, handles });
    // The two vertices with a height are not asked again; the one without is asked on every redraw.
    expect(asked).toHaveLength(5);
    expect(asked.slice(3)).toEqual(['113.663,34.763', '113.663,34.763']);
    // After the camera moves the terrain may have refined: every vertex is asked again.
    (viewer.camera as unknown as { moveEnd: Cesium.Event }).moveEnd.raiseEvent();
    layer.update({ ...overlay, handles });
    expect(asked).toHaveLength(8);
  });
});
