// Linear algebra of the confidentiality attacks, written independently of the code under test:
// which unknowns (suppressed cells) do the published equations pin down?
/** Indexes of unknowns pinned down by linear equations (Gauss–Jordan), written independently of the code under test. */
export function pinned(rows: Map<number, number>[], n: number): Set<number> {
  const m = rows.map((r) => { const d = new Array<number>(n).fill(0); for (const [j, c] of r) d[j] += c; return d; });
  const pivots: [number, number][] = [];
  let rank = 0;
  for (let col = 0; col < n && rank < m.length; col++) {
    let p = -1;
    for (let r = rank; r < m.length; r++) if (Math.abs(m[r][col]) > 1e-9 && (p < 0 || Math.abs(m[r][col]) > Math.abs(m[p][col]))) p = r;
    if (p < 0) continue;
    [m[rank], m[p]] = [m[p], m[rank]];
    const piv = m[rank][col];
    for (let j = 0; j < n; j++) m[rank][j] /= piv;
    for (let r = 0; r < m.length; r++) if (r !== rank && Math.abs(m[r][col]) > 1e-9) { const f = m[r][col]; for (let j = 0; j < n; j++) m[r][j] -= f * m[rank][j]; }
    pivots.push([rank, col]);
    rank++;
  }
  const out = new Set<number>();
  for (const [r, col] of pivots) if (m[r].every((v, j) => j === col || Math.abs(v) <= 1e-9)) out.add(col);
  return out;
}
