// The meshes the road and pipe layers upload: positions exact to float32 around their centre, indices local to the batch,
// a colour and a pick feature per vertex; and the renderer classes they are drawn with exist in this CesiumJS.
import { Cartesian3, PrimitiveType } from 'cesium';
import { describe, expect, it } from 'vitest';
import type { EcefRibbonMesh } from '../core/geom/ribbon';
import { ROAD_CLASSES } from '../core/planning/roadClasses';
import type { LinesData } from '../io/layerData';
import { renderer } from './cesiumRenderer';
import { roadBatches, roadMesh } from './layers/roadsLayer';
import { MeshPrimitive, relativeToCentre } from './meshPrimitive';
import type { FrameStateLike } from './cesiumRenderer';

/** A ribbon mesh of `quads[p]` quads per part (4 vertices, 6 indices each), vertices along x from an ECEF origin. */
function ribbon(quadsPerPart: number[]): EcefRibbonMesh {
  const partVertexStart = [0],
    partIndexStart = [0],
    xyz: number[] = [],
    indices: number[] = [];
  for (const q of quadsPerPart) {
    for (let k = 0; k < q; k++) {
      const v = xyz.length / 3;
      xyz.push(
        -2_105_000 + v,
        4_805_000,
        3_616_000,
        -2_105_000 + v,
        4_805_010,
        3_616_000,
        -2_104_999 + v,
        4_805_000,
        3_616_000,
        -2_104_999 + v,
        4_805_010,
        3_616_000,
      );
      indices.push(v, v + 1, v + 2, v + 2, v + 1, v + 3);
    }
    partVertexStart.push(xyz.length / 3);
    partIndexStart.push(indices.length);
  }
  return {
    positionsEcefM: Float64Array.from(xyz),
    indices: Uint32Array.from(indices),
    partVertexStart: Uint32Array.from(partVertexStart),
    partIndexStart: Uint32Array.from(partIndexStart),
  };
}

function roads(featurePartStart: number[], classes: string[]): LinesData {
  const n = featurePartStart.length - 1;
  return {
    lines: {
      coords: new Float64Array(),
      partStart: new Uint32Array(),
      featurePartStart: Uint32Array.from(featurePartStart),
      bbox: new Float64Array(4),
      ids: classes.map((_, i) => `R${i}`),
    },
    categoryIndex: Uint16Array.from(classes.keys()),
    categories: classes,
    size: new Float32Array(n),
    startDepthM: new Float32Array(n),
    endDepthM: new Float32Array(n),
    problems: [],
  };
}

describe('meshes for upload', () => {
  it('keeps every vertex within float32 rounding of its ECEF position, inside the bounding radius', () => {
    const xyz = Float64Array.of(-2_105_155.75, 4_804_935.5, 3_616_143.25, -2_095_000.125, 4_810_000.0625, 3_620_000.5);
    const m = relativeToCentre(xyz);
    for (let i = 0; i < 2; i++) {
      const p = new Cartesian3(m.positionsM[3 * i], m.positionsM[3 * i + 1], m.positionsM[3 * i + 2]);
      const back = Cartesian3.add(p, m.centreEcefM, new Cartesian3());
      expect(Cartesian3.distance(back, new Cartesian3(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]))).toBeLessThan(1e-3);
      expect(Cartesian3.magnitude(p)).toBeLessThanOrEqual(m.radiusM + 1e-6);
    }
  });

  it('makes each road batch’s indices local, its colours by road class and its pick feature per vertex', () => {
    // Road 0: parts of 1 and 2 quads; road 1: one part of 3 quads; road 2 (an unknown class): one part of 1 quad.
    const mesh = ribbon([1, 2, 3, 1]);
    const data = roads([0, 2, 3, 4], ['arterial', 'branch', 'footpath']);
    const m = roadMesh(mesh, data, 1, 3);
    expect(m.primitiveType).toBe(PrimitiveType.TRIANGLES);
    expect(m.positionsM.length / 3).toBe(16);
    expect(m.indices).toBeInstanceOf(Uint16Array);
    expect(Array.from(m.indices)).toEqual(Array.from(mesh.indices.subarray(18, 42), (i) => i - 12));
    expect(Array.from(m.pick!.featureOfVertex)).toEqual([...Array(12).fill(0), ...Array(4).fill(1)]);
    expect(m.pick!.objectOf(1)).toEqual({ layer: 'roads', index: 2 });
    const colour = m.colour as Uint8Array;
    expect(Array.from(colour.subarray(0, 4))).toEqual([...ROAD_CLASSES.branch.rgb, 255]);
    expect(Array.from(colour.subarray(4 * 12, 4 * 13))).toEqual([110, 110, 110, 255]);
  });

  it('puts every road in exactly one batch, its parts together', () => {
    const quads = Array.from({ length: 3000 }, (_, i) => 1 + (i % 40));
    const featurePartStart = [0];
    for (let p = 0; p < quads.length; p += 3) featurePartStart.push(Math.min(p + 3, quads.length));
    const mesh = ribbon(quads);
    const start = roadBatches(mesh, featurePartStart, featurePartStart.length - 1);
    expect(start[0]).toBe(0);
    expect(start[start.length - 1]).toBe(featurePartStart.length - 1);
    expect(start.length).toBeGreaterThan(2);
    for (let k = 1; k < start.length; k++) expect(start[k]).toBeGreaterThan(start[k - 1]);
  });

  it('makes no batch of a city without roads, and an empty mesh draws nothing (WebGL has no empty buffers)', () => {
    expect(roadBatches(ribbon([]), [0], 0)).toEqual([0]);
    const empty = new MeshPrimitive({
      ...relativeToCentre(new Float64Array()),
      indices: new Uint16Array(),
      primitiveType: PrimitiveType.TRIANGLES,
      colour: new Uint8Array(),
    });
    const noContext = new Proxy({}, { get: () => expect.fail('an empty mesh touched the GL context') });
    const frame: FrameStateLike = {
      context: noContext as FrameStateLike['context'],
      commandList: [],
      passes: { render: true, pick: false },
    };
    empty.update(frame);
    expect(empty.ready).toBe(true);
    expect(frame.commandList).toEqual([]);
  });

  it('finds CesiumJS’s renderer classes in this CesiumJS', () => {
    expect(() => renderer()).not.toThrow();
  });
});
