// 10,000 fuzzed inputs through every reader: each answers with a result (records + problems that
// name file and line) or a LernortError — never a crash, never an untyped exception.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LernortError } from '../../../src/core/errors.ts';
import { readCsv } from '../../../src/io/csv.ts';
import { readLong } from '../../../src/io/long.ts';
import { readWide } from '../../../src/io/wide.ts';
import { readPortal } from '../../../src/io/portal.ts';
import { readGeoJson } from '../../../src/io/geojson.ts';
import { readZippedShapefile } from '../../../src/io/shapefile.ts';
import { readKdValues, readLeipzigPopulation } from '../../../src/io/leipzig-json.ts';
import { writeZip } from '../io-geo/helpers.ts';

const encoder = new TextEncoder();

/** Runs a reader and classifies the outcome; anything but a result or a LernortError fails. */
function survive(fn: () => unknown): 'ok' | 'rejected' {
  try {
    const r = fn() as { errors?: { code: string; de: string; en: string }[] };
    for (const e of r?.errors ?? []) {
      expect(e.code).toMatch(/^[A-Z0-9_]+$/);
      expect(e.de.length).toBeGreaterThan(0);
      expect(e.en.length).toBeGreaterThan(0);
    }
    return 'ok';
  } catch (err) {
    if (err instanceof LernortError) return 'rejected';
    throw err;
  }
}

// Cells that look like what municipal CSVs contain, including the traps.
const cell = fc.oneof(
  fc.constantFrom('', '.', '-', '–', 'x', 'n.e.', '1.374', '53,40%', '14,1', '14.1', '1939,76', '"q;uoted"', 'Grünau-Mitte', 'Volksmarsdorf', 'Zentrum-Südost', '\u0000\u0000', '=cmd|x', '<script>', 'Quelle: Amt', '1e309', '−5'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: true }).map((d) => String(d).replace('.', ',')),
);
const delimiter = fc.constantFrom(';', ',', '|', '\t');
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const csvText = fc.tuple(delimiter, lineEnd, fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 12 }), fc.boolean())
  .map(([d, eol, rows, bom]) => (bom ? '\uFEFF' : '') + rows.map((r) => r.join(d)).join(eol));
const csvBytes = fc.oneof(
  csvText.map((t) => encoder.encode(t)),
  csvText.map((t) => Uint8Array.from([...t].map((ch) => ch.charCodeAt(0) & 0xff))), // as Latin-1
  fc.uint8Array({ maxLength: 400 }),
);

const coord = fc.oneof(fc.double({ min: -200, max: 200, noNaN: true }), fc.constantFrom(12.37, 51.34, 316820, 5690919, Infinity));
const geometry = fc.oneof(
  fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'LineString', 'Nonsense'), coordinates: fc.anything({ maxDepth: 3 }) }),
  fc.array(fc.array(coord, { minLength: 2, maxLength: 3 }), { minLength: 0, maxLength: 6 }).map((ring) => ({ type: 'Polygon', coordinates: [ring] })),
  fc.constant(null),
);
const geojsonText = fc.oneof(
  fc.record({
    type: fc.constantFrom('FeatureCollection', 'Feature', 'x'),
    crs: fc.option(fc.record({ type: fc.constant('name'), properties: fc.record({ name: fc.constantFrom('urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:25833', 'EPSG:99999', 'garbage') }) }), { nil: undefined }),
    features: fc.array(fc.record({ type: fc.constant('Feature'), properties: fc.record({ OT: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), Name: fc.string({ maxLength: 10 }) }), geometry }), { maxLength: 5 }),
  }).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 200 }),
  fc.json(),
);
const kdText = fc.oneof(
  fc.record({ source: fc.string(), title: fc.string(), data: fc.dictionary(fc.constantFrom('2019', '2020', 'xx'), fc.dictionary(fc.string({ maxLength: 8 }), fc.array(fc.record({ value: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), district: fc.string({ maxLength: 10 }) }), { maxLength: 4 }))) }).map((o) => JSON.stringify(o)),
  fc.record({ daten: fc.array(fc.record({ name: fc.string({ maxLength: 12 }), wert: fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), jahr: fc.string({ maxLength: 4 }), stadtbezirk: fc.option(fc.string({ maxLength: 6 })), ortsteil: fc.option(fc.string({ maxLength: 6 })) }), { maxLength: 6 }) }).map((o) => JSON.stringify(o)),
  fc.json(),
);

// A zip made of random entries (names that look like a shapefile's), or random bytes.
const zipBytes = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom('a.shp', 'a.shx', 'a.dbf', 'a.prj', 'a.cpg', '../evil.shp', 'x.txt'), fc.uint8Array({ maxLength: 200 })), { maxLength: 5 }).map((entries) => writeZip(entries.map(([name, data]) => ({ name, data, method: 0 })))),
  fc.uint8Array({ maxLength: 300 }),
);

describe('fuzzed inputs never crash a reader', () => {
  it('survives 4,000 CSV inputs in every CSV layout', () => {
    fc.assert(fc.property(csvBytes, (bytes) => {
      survive(() => readCsv(bytes, 'fuzz.csv'));
      survive(() => readLong(bytes, 'fuzz.csv'));
      survive(() => readWide(bytes, 'fuzz.csv', { indicator: 'x' }));
      survive(() => readPortal(bytes, 'fuzz.csv'));
    }), { numRuns: 4000, seed: 20261126 });
  });

  it('survives 3,000 GeoJSON inputs', () => {
    fc.assert(fc.property(geojsonText, fc.boolean(), (text, swap) => {
      survive(() => readGeoJson(text, 'fuzz.geojson', { codeProperty: 'OT', nameProperty: 'Name', swapAxes: swap }));
    }), { numRuns: 3000, seed: 7 });
  });

  it('survives 1,500 zipped-shapefile inputs', () => {
    fc.assert(fc.property(zipBytes, (bytes) => {
      survive(() => readZippedShapefile(bytes, 'fuzz.zip', { codeProperty: 'OT', nameProperty: 'Name' }));
    }), { numRuns: 1500, seed: 11 });
  });

  it('survives 1,500 Leipzig statistics JSON inputs', () => {
    fc.assert(fc.property(kdText, (text) => {
      survive(() => readKdValues(text, 'fuzz.json', { layer: 'ortsteil' }));
      survive(() => readLeipzigPopulation(text, 'fuzz.json'));
    }), { numRuns: 1500, seed: 13 });
  });
});
