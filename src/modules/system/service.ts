// Facts about this installation: which city/recipe is loaded, whether it is the synthetic demo,
// and the attribution lines of the data sources.
import type { Queryable } from '../../db/connection.ts';
import * as repo from './repo.ts';
import { EventBus, type SpineEvents } from '../../core/events.ts';

export interface LoadedDataset {
  recipe: string;
  city: string;
  synthetic: boolean;
  loadedAt: string;
  sources: { title: string; attribution: string; licence: string; url?: string }[];
  /** The recipe's choice for the atlas's first map (recipe key `defaultIndicator`). */
  defaultIndicator?: string;
  /** Additive relations between count indicators (total = Σ parts). */
  relations?: { total: string; parts: string[] }[];
}

const DATASET_KEY = 'dataset';

export const getDataset = (q: Queryable) => repo.getSetting<LoadedDataset>(q, DATASET_KEY);
export const setDataset = (q: Queryable, d: LoadedDataset) => repo.setSetting(q, DATASET_KEY, d);

// Versions are read at most every VERSION_TTL_MS per set of indicators: enough to keep hot read paths
// off the database, short enough that another app server's write shows within a quarter second.
// Writes in this process forget the remembered versions at once (see forgetDataVersions).
const VERSION_TTL_MS = Number(process.env.LERNORT_VERSION_TTL_MS ?? 250);
const versions = new Map<string, { at: number; value: Promise<string> }>();

export async function dataVersion(q: Queryable, indicatorKeys?: string[]): Promise<string> {
  const key = indicatorKeys ? indicatorKeys.join(',') : '*';
  const now = Date.now();
  const hit = versions.get(key);
  if (hit && now - hit.at < VERSION_TTL_MS) return hit.value;
  const value = repo.dataVersion(q, indicatorKeys);
  versions.set(key, { at: now, value });
  value.catch(() => versions.delete(key));
  return value;
}

/** Called after every write that changes data, metadata or publications. */
export function forgetDataVersions(): void {
  versions.clear();
}

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
    const full = `${await dataVersion(q, indicators)}|${key}`;
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

/**
 * The app's event bus (src/core/events.ts): modules announce changes here inside their transaction;
 * src/listeners.ts wires the listeners once where the app or the CLI is assembled.
 */
export const events = new EventBus<SpineEvents, Queryable>();
