// Facts about this installation: which city/recipe is loaded, whether it is the synthetic demo,
// and the attribution lines of the data sources.
import type { Queryable } from '../../db/connection.ts';
import * as repo from './repo.ts';

export interface LoadedDataset {
  recipe: string;
  city: string;
  synthetic: boolean;
  loadedAt: string;
  sources: { title: string; attribution: string; licence: string; url?: string }[];
  /** Additive relations between count indicators (total = Σ parts). */
  relations?: { total: string; parts: string[] }[];
}

const DATASET_KEY = 'dataset';

export const getDataset = (q: Queryable) => repo.getSetting<LoadedDataset>(q, DATASET_KEY);
export const setDataset = (q: Queryable, d: LoadedDataset) => repo.setSetting(q, DATASET_KEY, d);

export const dataVersion = repo.dataVersion;

/**
 * A small in-process cache of computed responses, keyed by the data version: correct across several
 * app servers because every instance reads the version from the database.
 */
export class VersionedCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  constructor(private readonly limit = 500) {}

  /**
   * `indicators` narrows the version to the data the answer depends on. Concurrent requests for the
   * same key share one computation (no stampede when a popular answer expires).
   */
  async get<T>(q: Queryable, key: string, compute: () => Promise<T>, indicators?: string[]): Promise<T> {
    const full = `${await repo.dataVersion(q, indicators)}|${key}`;
    const hit = this.entries.get(full);
    if (hit !== undefined) {
      this.entries.delete(full); // refresh its place in the LRU order
      this.entries.set(full, hit);
      return hit as Promise<T>;
    }
    const pending = compute();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(full, pending);
    pending.catch(() => this.entries.delete(full)); // errors are not cached
    return pending;
  }
}
