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
