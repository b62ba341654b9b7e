// Stored allocation models, versioned like index definitions: saving an unchanged body returns the
// latest version, a changed body becomes the next version. Versions are never edited.
import type { Queryable } from '../../db/connection.ts';
import { LernortError, notFound } from '../../core/errors.ts';
import { stableStringify } from '../indices/service.ts';
import type { Actor } from './pots.ts';
import * as repo from './repo.ts';
import { parseModel } from './service.ts';
import type { BudgetModel } from './schema.ts';

export interface ModelVersion {
  id: number;
  key: string;
  version: number;
  name: string;
  body: BudgetModel;
  createdBy: string;
  createdAt: string;
}

const toApi = (r: repo.ModelRow): ModelVersion => ({ id: r.id, key: r.key, version: r.version, name: r.name, body: r.body as BudgetModel, createdBy: r.created_by, createdAt: r.created_at.toISOString() });

export async function listModels(q: Queryable) {
  return (await repo.latestModels(q)).map((r) => ({ ...toApi(r), versions: r.versions }));
}

export async function modelVersions(q: Queryable, key: string): Promise<ModelVersion[]> {
  const rows = await repo.modelVersions(q, key);
  if (rows.length === 0) throw notFound('Verteilungsmodell / allocation model', key);
  return rows.map(toApi);
}

export async function saveModel(q: Queryable, key: string, body: unknown, actor: Actor): Promise<ModelVersion & { created: boolean }> {
  const model = parseModel(body);
  const latest = (await repo.modelVersions(q, key))[0];
  if (latest && stableStringify(latest.body) === stableStringify(model)) return { ...toApi(latest), created: false };
  return { ...toApi(await repo.insertModel(q, { key, name: model.name, body: model, createdBy: actor.name })), created: true };
}

/** A stored version (the latest when version is omitted). */
export async function resolveModel(q: Queryable, key: string, version?: number): Promise<repo.ModelRow> {
  const rows = await repo.modelVersions(q, key);
  const row = version === undefined ? rows[0] : rows.find((r) => r.version === version);
  if (!row) throw notFound('Verteilungsmodell / allocation model', version === undefined ? key : `${key} v${version}`);
  return row;
}

/** Deletes a model with all its versions, unless a scenario was computed with one of them. */
export async function deleteModel(q: Queryable, key: string): Promise<void> {
  await modelVersions(q, key);
  const used = await repo.scenariosUsingModel(q, key);
  if (used.length) {
    throw new LernortError('BUDGET_MODEL_IN_USE', `Modell ${key} wird von den Vorschlägen ${used.join(', ')} verwendet und bleibt deshalb erhalten.`,
      `Model ${key} is used by scenarios ${used.join(', ')} and is therefore kept.`, { status: 409 });
  }
  await repo.deleteModel(q, key);
}
