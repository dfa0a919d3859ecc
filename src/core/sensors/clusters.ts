// Sensors grouped by a square lon/lat cell for the zoomed-out view: one marker per occupied cell.

export interface SensorClusters {
  /** Cluster of each sensor. */
  clusterOf: Uint32Array;
  /** lon, lat per cluster: the mean of its members. */
  centresDeg: Float64Array;
  counts: Uint32Array;
}

/** Groups lon,lat pairs by cells of `cellDeg` (latitude degrees; longitude cells are widened by 1/cos(lat) so cells are square). */
export function clusterByCell(lonLatDeg: Float64Array, cellDeg: number): SensorClusters {
  const n = lonLatDeg.length / 2;
  let latSum = 0;
  for (let i = 0; i < n; i++) latSum += lonLatDeg[2 * i + 1];
  const cellLon = cellDeg / Math.max(0.1, Math.cos(((n ? latSum / n : 0) * Math.PI) / 180));
  const byKey = new Map<string, number>();
  const clusterOf = new Uint32Array(n);
  const sums: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const lon = lonLatDeg[2 * i],
      lat = lonLatDeg[2 * i + 1];
    const key = `${Math.floor(lon / cellLon)},${Math.floor(lat / cellDeg)}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = counts.length;
      byKey.set(key, c);
      counts.push(0);
      sums.push(0, 0);
    }
    clusterOf[i] = c;
    counts[c]++;
    sums[2 * c] += lon;
    sums[2 * c + 1] += lat;
  }
  const centresDeg = new Float64Array(sums.length);
  for (let c = 0; c < counts.length; c++) {
    centresDeg[2 * c] = sums[2 * c] / counts[c];
    centresDeg[2 * c + 1] = sums[2 * c + 1] / counts[c];
  }
  return { clusterOf, centresDeg, counts: Uint32Array.from(counts) };
}
