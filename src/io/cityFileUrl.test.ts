import { describe, expect, it } from 'vitest';
import { cityFileUrl } from './cityFileUrl';

describe('cityFileUrl', () => {
  it("resolves a file beside the manifest, in the manifest's folder", () => {
    expect(cityFileUrl('http://host/app/data/demo.json', 'grids.geojson')).toBe('http://host/app/data/grids.geojson');
    expect(cityFileUrl('http://host/app/data/demo.json', 'tiles/buildings/tileset.json')).toBe(
      'http://host/app/data/tiles/buildings/tileset.json',
    );
  });

  it('goes up from the manifest and keeps absolute URLs as they are', () => {
    expect(cityFileUrl('http://host/app/data/city/demo.json', '../dem.tif')).toBe('http://host/app/data/dem.tif');
    expect(cityFileUrl('http://host/app/data/demo.json', 'https://cdn/x/roads.fgb')).toBe('https://cdn/x/roads.fgb');
  });

  it('drops the query of the manifest', () => {
    expect(cityFileUrl('http://host/data/demo.json?v=2', 'grids.geojson')).toBe('http://host/data/grids.geojson');
  });
});
