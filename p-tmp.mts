import { readFileSync } from 'node:fs';
import { readGeoJson } from './src/io/geojson.ts';
const D = '../shared/data/';
for (const [f, o] of [['leipzig/ortsteile.geojson', {}], ['leipzig/stadtbezirke.geojson', {}], ['flensburg/flensburg_stadtteile.geojson', { codeFromName: '^(\\d+)\\s+', parentProperty: 'PARENT_ARE' }], ['flensburg/flensburg_stadtbezirke.geojson', {}], ['leipzig/raw/ortsteile-latlon-swapped.json', {}], ['leipzig/raw/ortsteile-latlon-swapped.json', { swapAxes: true }]] as const) {
  const t = Date.now();
  const r = readGeoJson(readFileSync(D + f), f, o as any);
  console.log(f, Date.now() - t, 'ms', r.records.length, r.detectedCrs, r.codeProperty, r.nameProperty, r.records.slice(0, 3).map(x => `${x.code}|${x.name}|${x.parentCode}`), r.errors.slice(0, 3), r.warnings.slice(0, 5).map(w => w.code + ' ' + w.line + ' ' + w.en));
}
