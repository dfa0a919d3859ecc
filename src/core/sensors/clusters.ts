// Sensors grouped by square cells at every zoom: a pyramid of levels whose cells double in size, each level's cells
// nested in the next one's, built in one pass over the sensors (then over clusters), so the view can pick a level.

export interface SensorClusters {
  /** Cluster of each sensor. */
  clusterOf: Uint32Array;
  /** lon, lat per cluster: the mean of its members. */
  centresDeg: Float64Array;
  counts: Uint32Array;
}

/** One level of the pyramid: its cell size and its clusters. */
export interface ClusterLevel extends SensorClusters {
  /** Cell side in metres (north-south; east-west cells are widened by 1/cos(lat) so cells are square). */
  cellM: number;
  /** Highest ground under any member, metres (a cluster's marker clears its members' terrain). */
  topGroundM: Float32Array;
  /** A member of each cluster (the sensor itself for a cluster of one). */
  firstMember: Uint32Array;
}

const M_PER_DEG = 111_320;
/** Cell indices are offset so they are non-negative; a key packs two of them in one number below 2^53. */
const INDEX_OFFSET = 1 << 22;
const INDEX_SPAN = 1 << 24;

/** The longitude widening at the sensors' mean latitude, so cells are square on the ground. */
function lonScale(lonLatDeg: Float64Array): number {
  const n = lonLatDeg.length / 2;
  let latSum = 0;
  for (let i = 0; i < n; i++) latSum += lonLatDeg[2 * i + 1];
  return 1 / Math.max(0.1, Math.cos(((n ? latSum / n : 0) * Math.PI) / 180));
}

/** Groups items with integer cell (ix, iy) into clusters; `cellOf` writes each item's cell to `cell`. */
function groupByCell(count: number, cellOf: (i: number, cell: Int32Array) => void) {
  const byKey = new Map<number, number>();
  const clusterOf = new Uint32Array(count);
  const cellX: number[] = [];
  const cellY: number[] = [];
  const cell = new Int32Array(2);
  for (let i = 0; i < count; i++) {
    cellOf(i, cell);
    const key = (cell[0] + INDEX_OFFSET) * INDEX_SPAN + (cell[1] + INDEX_OFFSET);
    let c = byKey.get(key);
    if (c === undefined) {
      c = cellX.length;
      byKey.set(key, c);
      cellX.push(cell[0]);
      cellY.push(cell[1]);
    }
    clusterOf[i] = c;
  }
  return { clusterOf, cellX: Int32Array.from(cellX), cellY: Int32Array.from(cellY) };
}

/** Means, counts, top ground and a member per cluster, from each sensor's cluster. */
function summarise(
  lonLatDeg: Float64Array,
  groundM: ArrayLike<number>,
  clusterOf: Uint32Array,
  clusters: number,
): SensorClusters & Omit<ClusterLevel, 'cellM' | keyof SensorClusters> {
  const centresDeg = new Float64Array(2 * clusters);
  const counts = new Uint32Array(clusters);
  const topGroundM = new Float32Array(clusters).fill(-Infinity);
  const firstMember = new Uint32Array(clusters);
  for (let i = 0; i < clusterOf.length; i++) {
    const c = clusterOf[i];
    if (counts[c]++ === 0) firstMember[c] = i;
    centresDeg[2 * c] += lonLatDeg[2 * i];
    centresDeg[2 * c + 1] += lonLatDeg[2 * i + 1];
    if (groundM[i] > topGroundM[c]) topGroundM[c] = groundM[i];
  }
  for (let c = 0; c < clusters; c++) {
    centresDeg[2 * c] /= counts[c];
    centresDeg[2 * c + 1] /= counts[c];
    if (!Number.isFinite(topGroundM[c])) topGroundM[c] = 0;
  }
  return { clusterOf, centresDeg, counts, topGroundM, firstMember };
}

/**
 * The pyramid: level k has cells of `finestCellM * 2^k`, up to `levels` levels (40 m to 82 km by default: a street to a city); a level's cells are exactly four of the
 * previous level's, so each cluster lies in one cluster of every coarser level. `groundM`: terrain under each sensor.
 */
export function clusterLevels(lonLatDeg: Float64Array, groundM: ArrayLike<number>, finestCellM = 40, levels = 12): ClusterLevel[] {
  const n = lonLatDeg.length / 2;
  const cellDeg = finestCellM / M_PER_DEG;
  const cellLonDeg = cellDeg * lonScale(lonLatDeg);
  let finest = groupByCell(n, (i, cell) => {
    cell[0] = Math.floor(lonLatDeg[2 * i] / cellLonDeg);
    cell[1] = Math.floor(lonLatDeg[2 * i + 1] / cellDeg);
  });
  const out: ClusterLevel[] = [];
  let sensorCluster = finest.clusterOf;
  for (let k = 0; k < levels; k++) {
    out.push({ cellM: finestCellM * 2 ** k, ...summarise(lonLatDeg, groundM, sensorCluster, finest.cellX.length) });
    if (k === levels - 1) break;
    // The next level groups this level's cells by their parent cell; sensors follow their cluster.
    const { cellX, cellY } = finest;
    const parent = groupByCell(cellX.length, (c, cell) => {
      cell[0] = Math.floor(cellX[c] / 2);
      cell[1] = Math.floor(cellY[c] / 2);
    });
    const next = new Uint32Array(n);
    for (let i = 0; i < n; i++) next[i] = parent.clusterOf[sensorCluster[i]];
    sensorCluster = next;
    finest = parent;
  }
  return out;
}

/** Groups lon,lat pairs by cells of `cellDeg` latitude degrees (one level of the pyramid). */
export function clusterByCell(lonLatDeg: Float64Array, cellDeg: number): SensorClusters {
  const [level] = clusterLevels(lonLatDeg, new Float32Array(lonLatDeg.length / 2), cellDeg * M_PER_DEG, 1);
  return { clusterOf: level.clusterOf, centresDeg: level.centresDeg, counts: level.counts };
}

/** Every buffer of the levels, for a worker to transfer them. */
export function clusterLevelBuffers(levels: ClusterLevel[]): ArrayBuffer[] {
  return levels.flatMap((l) => [l.clusterOf, l.centresDeg, l.counts, l.topGroundM, l.firstMember].map((a) => a.buffer as ArrayBuffer));
}
