// HiGHS (WASM) as the LP solver of the allocation core. Loaded once per process, on first use.
import highsImport from 'highs';
import type { LpSolution, LpSolver } from '../../core/allocation/index.ts';

// The package's types describe its CommonJS face (the loader under .default); Node's ESM import
// gets the loader itself (build/highs.mjs). Name the runtime shape once, here.
type HighsLoader = typeof highsImport.default;
const loadHighs = highsImport as unknown as HighsLoader;
type Highs = Awaited<ReturnType<HighsLoader>>;

let instance: Promise<Highs> | undefined;

export async function loadedHighs(): Promise<Highs> {
  instance ??= loadHighs();
  return instance;
}

export async function highsSolver(): Promise<LpSolver> {
  const h = await loadedHighs();
  return (lp: string): LpSolution => {
    const r = h.solve(lp, { output_flag: false });
    const optimal = r.Status === 'Optimal';
    const columns = r.Columns as Record<string, { Primal: number } | undefined>;
    return { status: r.Status, objective: optimal ? r.ObjectiveValue : NaN, value: (name) => (optimal ? columns[name]?.Primal ?? 0 : NaN) };
  };
}
