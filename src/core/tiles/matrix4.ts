// Column-major 4x4 helpers for tile transforms (3D Tiles composes them down the tree).

/** Inverse of a column-major rigid transform (rotation + translation). */
export function invertRigid(m: ArrayLike<number>, result: Float64Array = new Float64Array(16)): Float64Array {
  const tx = m[12],
    ty = m[13],
    tz = m[14];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) result[c * 4 + r] = m[r * 4 + c];
    result[12 + r] = -(m[r * 4] * tx + m[r * 4 + 1] * ty + m[r * 4 + 2] * tz);
  }
  result[3] = result[7] = result[11] = 0;
  result[15] = 1;
  return result;
}

/** a · b; result must not alias a or b. */
export function multiplyMatrices(a: ArrayLike<number>, b: ArrayLike<number>, result: Float64Array = new Float64Array(16)): Float64Array {
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      result[c * 4 + r] = a[r] * b[c * 4] + a[4 + r] * b[c * 4 + 1] + a[8 + r] * b[c * 4 + 2] + a[12 + r] * b[c * 4 + 3];
    }
  }
  return result;
}
