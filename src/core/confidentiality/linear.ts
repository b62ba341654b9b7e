// Which unknowns of a linear system are pinned down by it? An adversary who sees every published
// cell and knows every published relation (total = Σ parts + known offset) can recover a suppressed
// cell exactly when its unit vector lies in the row space of the relations restricted to the
// suppressed cells. We test that with the reduced row echelon form: e_i is in the row space iff
// column i is a pivot column and its pivot row has no other non-zero entry.

const EPS = 1e-9;

/** Rows are sparse maps unknown-index → coefficient. Returns the indexes of determined unknowns. */
export function determinedUnknowns(rows: Map<number, number>[], unknownCount: number): number[] {
  // Dense elimination is fine for the sizes of one published table (a few hundred cells).
  const m = rows.filter((r) => r.size > 0).map((r) => {
    const dense = new Float64Array(unknownCount);
    for (const [j, c] of r) dense[j] += c;
    return dense;
  });
  const pivotRowOfCol = new Int32Array(unknownCount).fill(-1);
  let rank = 0;
  for (let col = 0; col < unknownCount && rank < m.length; col++) {
    let best = -1;
    let bestAbs = EPS;
    for (let r = rank; r < m.length; r++) {
      const a = Math.abs(m[r][col]);
      if (a > bestAbs) {
        best = r;
        bestAbs = a;
      }
    }
    if (best < 0) continue;
    [m[rank], m[best]] = [m[best], m[rank]];
    const pivot = m[rank][col];
    for (let j = 0; j < unknownCount; j++) m[rank][j] /= pivot;
    for (let r = 0; r < m.length; r++) {
      if (r === rank) continue;
      const f = m[r][col];
      if (Math.abs(f) <= EPS) continue;
      for (let j = 0; j < unknownCount; j++) m[r][j] -= f * m[rank][j];
    }
    pivotRowOfCol[col] = rank;
    rank++;
  }
  const determined: number[] = [];
  for (let col = 0; col < unknownCount; col++) {
    const r = pivotRowOfCol[col];
    if (r < 0) continue;
    let alone = true;
    for (let j = 0; j < unknownCount && alone; j++) if (j !== col && Math.abs(m[r][j]) > EPS) alone = false;
    if (alone) determined.push(col);
  }
  return determined;
}
