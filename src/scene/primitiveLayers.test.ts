import { Cartesian3, PointPrimitiveCollection, PrimitiveCollection } from 'cesium';
import { describe, expect, it } from 'vitest';
import { markLayer, shownLayersIn } from './primitiveLayers';

function points(): PointPrimitiveCollection {
  const c = new PointPrimitiveCollection();
  c.add({ position: Cartesian3.fromDegrees(113.6, 34.7) });
  return c;
}

describe('shownLayersIn', () => {
  it('reports a marked layer shown only when it and every collection above it are shown', () => {
    const root = new PrimitiveCollection();
    const group = root.add(new PrimitiveCollection()) as PrimitiveCollection;
    const sensors = group.add(markLayer(points(), 'sensors')) as PointPrimitiveCollection;
    const pipesNear = root.add(markLayer(points(), 'pipelines')) as PointPrimitiveCollection;
    root.add(markLayer(points(), 'pipelines'));
    root.add(points()); // unmarked: not reported
    expect(shownLayersIn(root)).toEqual({ sensors: true, pipelines: true });

    group.show = false;
    pipesNear.show = false;
    expect(shownLayersIn(root)).toEqual({ sensors: false, pipelines: true }); // one pipelines primitive is still shown
    expect(sensors.show).toBe(true);

    group.show = true;
    root.show = false;
    expect(shownLayersIn(root)).toEqual({ sensors: false, pipelines: false });
  });
});
