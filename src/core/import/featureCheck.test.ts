import { describe, expect, it } from 'vitest';
import { geometryProblem } from './featureCheck';

const square = [
  [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 0],
  ],
];

describe('geometryProblem', () => {
  it('takes polygons and multipolygons for buildings, lines for pipelines, anything for an overlay', () => {
    expect(geometryProblem('buildings', { type: 'Polygon', coordinates: square })).toBeNull();
    expect(geometryProblem('buildings', { type: 'MultiPolygon', coordinates: [square, square] })).toBeNull();
    expect(geometryProblem('buildings', { type: 'LineString', coordinates: square[0] })).toBe('wrong-type');
    expect(geometryProblem('pipelines', { type: 'LineString', coordinates: square[0] })).toBeNull();
    expect(geometryProblem('overlay', { type: 'Point', coordinates: [1, 2] })).toBeNull();
  });
  it('names missing geometry, non-finite coordinates and short rings', () => {
    expect(geometryProblem('buildings', null)).toBe('no-geometry');
    expect(
      geometryProblem('buildings', {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [NaN, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
    ).toBe('non-finite');
    expect(
      geometryProblem('buildings', {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
    ).toBe('too-few-points');
    expect(geometryProblem('pipelines', { type: 'LineString', coordinates: [[0, 0]] })).toBe('too-few-points');
  });
});
