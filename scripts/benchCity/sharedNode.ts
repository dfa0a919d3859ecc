// A grid node to move in bench:city: a vertex of an L3 grid near the city's centre that other L3 grids share,
// with a point inside its grid (to select it) and a target a little towards the grid's middle.

interface GridFeature {
  properties: { id: string; level: number };
  geometry: { type: string; coordinates: number[][][] | number[][][][] };
}

export interface SharedNode {
  cellId: string;
  at: [number, number];
  to: [number, number];
  inside: [number, number];
}

const outerRing = (f: GridFeature): number[][] =>
  (f.geometry.type === 'Polygon' ? (f.geometry.coordinates as number[][][]) : (f.geometry.coordinates as number[][][][])[0])[0];

export function sharedNode(gridsGeoJson: string, centre: [number, number]): SharedNode | null {
  const l3 = (JSON.parse(gridsGeoJson) as { features: GridFeature[] }).features.filter((f) => f.properties.level === 3);
  const cells = new Map<string, number>();
  for (const f of l3) for (const key of new Set(outerRing(f).map((p) => `${p[0]},${p[1]}`))) cells.set(key, (cells.get(key) ?? 0) + 1);
  const middle = (ring: number[][]): [number, number] => {
    const open = ring.slice(0, -1);
    return [open.reduce((s, p) => s + p[0], 0) / open.length, open.reduce((s, p) => s + p[1], 0) / open.length];
  };
  const byDistance = l3
    .map((f) => ({ f, m: middle(outerRing(f)) }))
    .sort((a, b) => Math.hypot(a.m[0] - centre[0], a.m[1] - centre[1]) - Math.hypot(b.m[0] - centre[0], b.m[1] - centre[1]));
  for (const { f, m } of byDistance) {
    // A node other grids share (most meet three grids), so the move reshapes its neighbours too.
    const v = outerRing(f).find((p) => (cells.get(`${p[0]},${p[1]}`) ?? 0) >= 2);
    if (!v) continue;
    const at: [number, number] = [v[0], v[1]];
    const towards = (k: number): [number, number] => [at[0] + k * (m[0] - at[0]), at[1] + k * (m[1] - at[1])];
    return { cellId: f.properties.id, at, to: towards(0.15), inside: towards(0.6) };
  }
  return null;
}
