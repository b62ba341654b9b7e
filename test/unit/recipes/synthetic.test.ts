// Without ../shared/data the first start generates a small, clearly labelled demo city.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSyntheticCity } from '../../../src/modules/recipes/synthetic.ts';
import { recipeSchema } from '../../../src/modules/recipes/schema.ts';
import { initialRecipeFor } from '../../../src/main.ts';
import { readLong } from '../../../src/io/long.ts';
import { readGeoJson } from '../../../src/io/geojson.ts';

describe('the synthetic demo city', () => {
  it('is chosen when the shared data folder is missing, and only then', () => {
    expect(initialRecipeFor({ initialRecipe: 'leipzig', sharedDataDir: '/nonexistent/lernort' })).toBe('synthetic');
    const shared = process.env.LERNORT_SHARED_DATA ?? path.resolve('../shared/data');
    if (fs.existsSync(path.join(shared, 'leipzig'))) expect(initialRecipeFor({ initialRecipe: 'leipzig', sharedDataDir: shared })).toBe('leipzig');
    expect(initialRecipeFor({ initialRecipe: 'none', sharedDataDir: shared })).toBe('none');
  });

  it('generates a valid, labelled recipe whose files read without errors, the same for the same seed', () => {
    const a = generateSyntheticCity(7);
    const b = generateSyntheticCity(7);
    try {
      const recipe = recipeSchema.parse(a.recipe);
      expect(recipe.synthetic).toBe(true);
      expect(recipe.city.name).toMatch(/synthetisch/);
      const dir = path.join(a.dataRoot, recipe.dataDir);
      const areas = readGeoJson(fs.readFileSync(path.join(dir, 'stadtteile.geojson')), 'stadtteile.geojson', { codeProperty: 'code', nameProperty: 'name' });
      expect(areas.errors).toEqual([]);
      expect(areas.records).toHaveLength(16);
      const obs = readLong(fs.readFileSync(path.join(dir, 'statistik.csv')), 'statistik.csv');
      expect(obs.errors).toEqual([]);
      expect(obs.records).toHaveLength(16 * 10 * 4);
      expect(fs.readFileSync(path.join(dir, 'statistik.csv'), 'utf8')).toBe(fs.readFileSync(path.join(b.dataRoot, 'demo', 'statistik.csv'), 'utf8'));
    } finally {
      fs.rmSync(a.dataRoot, { recursive: true, force: true });
      fs.rmSync(b.dataRoot, { recursive: true, force: true });
    }
  });
});
