/**
 * The inverse of the n × n matrix `a` (row-major; overwritten) by Gauss-Jordan elimination with
 * partial pivoting. Throws when the matrix is singular.
 */
export function invertMatrix(a: Float64Array, n: number): Float64Array {
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inverse[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = row;
    if (Math.abs(a[pivot * n + col]!) < 1e-12) throw new RangeError("The matrix is singular.");
    if (pivot !== col) {
      swapRows(a, n, pivot, col);
      swapRows(inverse, n, pivot, col);
    }
    const scale = 1 / a[col * n + col]!;
    for (let k = 0; k < n; k++) {
      a[col * n + k]! *= scale;
      inverse[col * n + k]! *= scale;
    }
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row * n + col]!;
      if (factor === 0) continue;
      // Columns left of `col` are already zero in the pivot row, so a starts at col.
      for (let k = col; k < n; k++) a[row * n + k]! -= factor * a[col * n + k]!;
      for (let k = 0; k < n; k++) inverse[row * n + k]! -= factor * inverse[col * n + k]!;
    }
  }
  return inverse;
}

function swapRows(m: Float64Array, n: number, r1: number, r2: number): void {
  for (let k = 0; k < n; k++) {
    const held = m[r1 * n + k]!;
    m[r1 * n + k] = m[r2 * n + k]!;
    m[r2 * n + k] = held;
  }
}
