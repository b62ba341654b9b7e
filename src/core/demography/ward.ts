// Ward's hierarchical clustering through ml-hclust with method 'ward2': the Lance–Williams update on
// squared Euclidean distances (Ward 1963; Murtagh & Legendre 2014 "Ward2" = R's ward.D2 = scipy's
// "ward"). ml-hclust's 'ward' applies the update to unsquared distances (R's ward.D) and is not
// Ward's criterion. A merge height h is sqrt(2·ΔSSE): the increase of the within sum of squares
// when the two clusters merge is h²/2.
import { agnes } from 'ml-hclust';
import type { Cluster } from 'ml-hclust';

export interface WardTree {
  root: Cluster;
  /** Merge heights in ascending order (n − 1 of them). */
  heights: number[];
}

export function wardTree(points: number[][]): WardTree {
  const root = agnes(points, { method: 'ward2' });
  const heights: number[] = [];
  root.traverse((c) => { if (!c.isLeaf) heights.push(c.height); });
  heights.sort((a, b) => a - b);
  return { root, heights };
}

/** Labels 0..k−1 from cutting the tree into k clusters: split the highest merges first. */
export function cutTree(tree: WardTree, n: number, k: number): number[] {
  let parts: Cluster[] = [tree.root];
  while (parts.length < k) {
    const splittable = parts.filter((c) => !c.isLeaf);
    if (splittable.length === 0) break;
    const top = splittable.reduce((a, b) => (b.height > a.height ? b : a));
    parts = parts.filter((c) => c !== top).concat(top.children);
  }
  const labels = new Array<number>(n).fill(0);
  parts.forEach((c, label) => c.indices().forEach((i) => { labels[i] = label; }));
  return canonicalLabels(labels);
}

/** Renumbers labels in order of first appearance, so equal partitions get equal labels. */
export function canonicalLabels(labels: number[]): number[] {
  const map = new Map<number, number>();
  return labels.map((l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l)!;
  });
}

/**
 * Gap ("elbow") on merge heights: cutting into k clusters undoes the k − 1 highest merges; the
 * gain of stopping at k is the jump between the (k−1)-th highest and the k-th highest merge.
 * Returns the gap for each k in [2, kMax].
 */
export function heightGaps(heights: number[], kMax: number): Array<{ k: number; gap: number }> {
  const desc = heights.slice().sort((a, b) => b - a);
  const out: Array<{ k: number; gap: number }> = [];
  for (let k = 2; k <= Math.min(kMax, desc.length); k++) out.push({ k, gap: desc[k - 2] - desc[k - 1] });
  return out;
}
