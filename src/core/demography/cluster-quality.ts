// Measures of a partition: within-cluster sum of squares, mean silhouette (Rousseeuw 1987) and the
// adjusted Rand index (Hubert & Arabie 1985) between two partitions of the same points.

export const squaredDistance = (a: number[], b: number[]) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);

export function centroidsOf(points: number[][], labels: number[], k: number): number[][] {
  const dim = points[0]?.length ?? 0;
  const sums = Array.from({ length: k }, () => new Array<number>(dim).fill(0));
  const counts = new Array<number>(k).fill(0);
  points.forEach((p, i) => {
    counts[labels[i]]++;
    p.forEach((v, d) => { sums[labels[i]][d] += v; });
  });
  return sums.map((s, c) => s.map((v) => (counts[c] ? v / counts[c] : 0)));
}

export function withinSS(points: number[][], labels: number[], k: number): number {
  const c = centroidsOf(points, labels, k);
  return points.reduce((s, p, i) => s + squaredDistance(p, c[labels[i]]), 0);
}

/**
 * Mean silhouette s = mean over points of (b − a)/max(a, b), a = mean distance to the own cluster,
 * b = smallest mean distance to another cluster (Euclidean). A point alone in its cluster has s = 0.
 */
export function silhouette(points: number[][], labels: number[]): { mean: number; perPoint: number[] } {
  const n = points.length;
  const ks = [...new Set(labels)];
  if (ks.length < 2) return { mean: 0, perPoint: new Array<number>(n).fill(0) };
  const size = new Map(ks.map((k) => [k, labels.filter((l) => l === k).length]));
  const perPoint = points.map((p, i) => {
    if (size.get(labels[i]) === 1) return 0;
    const sum = new Map(ks.map((k) => [k, 0]));
    for (let j = 0; j < n; j++) if (j !== i) sum.set(labels[j], sum.get(labels[j])! + Math.sqrt(squaredDistance(p, points[j])));
    const a = sum.get(labels[i])! / (size.get(labels[i])! - 1);
    const b = Math.min(...ks.filter((k) => k !== labels[i]).map((k) => sum.get(k)! / size.get(k)!));
    const m = Math.max(a, b);
    return m === 0 ? 0 : (b - a) / m;
  });
  return { mean: perPoint.reduce((s, x) => s + x, 0) / n, perPoint };
}

const choose2 = (x: number) => (x * (x - 1)) / 2;

/** ARI = (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E), E = Σ C(a_i,2)·Σ C(b_j,2)/C(n,2). */
export function adjustedRandIndex(x: number[], y: number[]): number {
  const n = x.length;
  const cells = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${x[i]}|${y[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(x[i], (rows.get(x[i]) ?? 0) + 1);
    cols.set(y[i], (cols.get(y[i]) ?? 0) + 1);
  }
  const index = [...cells.values()].reduce((s, v) => s + choose2(v), 0);
  const a = [...rows.values()].reduce((s, v) => s + choose2(v), 0);
  const b = [...cols.values()].reduce((s, v) => s + choose2(v), 0);
  const expected = (a * b) / choose2(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
