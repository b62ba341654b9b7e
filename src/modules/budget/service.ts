// Use cases of the budget module that need no database: read a model, list the shipped templates,
// allocate a table of areas. (Pots, scenarios and freezing come with the database tables.)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LernortError } from '../../core/errors.ts';
import { allocate, sensitivity, type AllocationArea, type AllocationResult, type ParameterSensitivity } from '../../core/allocation/index.ts';
import { budgetModelSchema, type BudgetModel } from './schema.ts';
import { highsSolver } from './solver.ts';

const templateDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export function parseModel(body: unknown, file?: string): BudgetModel {
  const r = budgetModelSchema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue.path.join('.');
    throw new LernortError('BUDGET_MODEL_INVALID', `Verteilungsmodell ungültig${at ? ` (${at})` : ''}: ${issue.message}`,
      `Invalid allocation model${at ? ` (${at})` : ''}: ${issue.message}`, { location: { file, field: at || undefined }, details: r.error.issues.slice(0, 10) });
  }
  return r.data;
}

export function readModelFile(file: string): BudgetModel {
  let body: unknown;
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LernortError(missing ? 'BUDGET_MODEL_FILE' : 'BUDGET_MODEL_JSON',
      missing ? `Datei nicht gefunden: ${file}` : `Das Modell ist kein gültiges JSON: ${(err as Error).message}`,
      missing ? `File not found: ${file}` : `The model is not valid JSON: ${(err as Error).message}`, { location: { file } });
  }
  return parseModel(body, file);
}

/** The shipped templates (files whose names contain "jew" among them), each validated. */
export function listTemplates(): { file: string; model: BudgetModel }[] {
  return fs.readdirSync(templateDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ file: f, model: readModelFile(path.join(templateDir, f)) }));
}

export const templatePath = (file: string) => path.join(templateDir, file);

/** Columns of the input table the model reads, and which of them hold money (€). */
export function modelColumns(m: BudgetModel): { column: string; money: boolean; optional: boolean }[] {
  const cols: { column: string; money: boolean; optional: boolean }[] = [{ column: m.formula.population, money: false, optional: false }];
  if (m.formula.need && (m.formula.kind === 'jew-rank' || m.formula.w < 1)) cols.push({ column: m.formula.need.column, money: false, optional: false });
  if (m.lastYear) cols.push({ column: m.lastYear, money: true, optional: true });
  const o = m.optimisation;
  if (o.kind === 'maximin' && o.need !== 'target') cols.push({ column: o.need.column, money: false, optional: false });
  if (o.kind === 'max-need-coverage') {
    cols.push({ column: o.need.column, money: false, optional: false }, { column: o.requirement.column, money: true, optional: false });
    if (o.minimum && 'column' in o.minimum) cols.push({ column: o.minimum.column, money: true, optional: false });
  }
  const seen = new Set<string>();
  return cols.filter((c) => (seen.has(c.column) ? false : (seen.add(c.column), true)));
}

export async function allocateAreas(model: BudgetModel, areas: AllocationArea[], budgetCents: number, opts: { sensitivity?: boolean } = {}): Promise<{ result: AllocationResult; sensitivity?: ParameterSensitivity[] }> {
  const solver = model.optimisation.kind === 'none' ? undefined : await highsSolver();
  const result = await allocate(model, areas, budgetCents, solver);
  return { result, sensitivity: opts.sensitivity ? await sensitivity(model, areas, budgetCents, solver) : undefined };
}
