// Imports through the HTTP API: authentication, CSRF, the messy real files, swapped axes, and the
// rule that an import lands whole or not at all.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { multipart, signIn, testApp, type TestApp } from './helpers.ts';
import { sharedDataDir } from './env.ts';

let t: TestApp;
let admin: { cookie: string; csrf: string };
beforeAll(async () => {
  t = await testApp();
  admin = await signIn(t, 'admin');
});
afterAll(async () => t?.close());

const messy = (name: string) => fs.readFileSync(path.join(sharedDataDir(), 'leipzig', 'raw', 'messy', name));

async function upload(file: { name: string; content: Buffer | string }, fields: Record<string, string>, who = admin) {
  const body = multipart(file, fields);
  return t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: who.cookie, 'x-csrf-token': who.csrf } });
}

async function countObservations(indicator: string): Promise<number> {
  const r = await t.db.pool.query('SELECT count(*)::int AS n FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = $1', [indicator]);
  return r.rows[0].n;
}

describe('imports through the API', () => {
  it('refuses an anonymous upload with 401 and writes nothing', async () => {
    const body = multipart({ name: 'x.csv', content: 'gebiet;indikator;jahr;wert\n62;einwohner;2030;1\n' });
    const res = await t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: body.headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
    const r = await t.db.pool.query("SELECT count(*)::int AS n FROM observations WHERE period = '2030'");
    expect(r.rows[0].n).toBe(0);
  });

  it('refuses a signed-in upload without the CSRF token', async () => {
    const body = multipart({ name: 'x.csv', content: 'gebiet;indikator;jahr;wert\n62;einwohner;2030;1\n' });
    const res = await t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie: admin.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_TOKEN_INVALID');
  });

  it('refuses a viewer with 403', async () => {
    const viewer = await signIn(t, 'viewer');
    const res = await upload({ name: 'x.csv', content: 'gebiet;indikator;jahr;wert\n62;einwohner;2030;1\n' }, {}, viewer);
    expect(res.statusCode).toBe(403);
  });

  it('reports the misspelt names of kinderarmut.csv with their nearest candidates and writes nothing', async () => {
    await t.app.inject({
      method: 'PUT', url: '/api/indicators/kinderarmut', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { name: 'Kinderarmut', nameEn: 'Child poverty', unit: '%', unitEn: '%', topic: 'soziale_lage', polarity: 'higher_is_worse', kind: 'share', scale: 100, decimals: 1 },
    });
    const res = await upload({ name: 'kinderarmut.csv', content: messy('kinderarmut.csv') }, { format: 'wide', indicator: 'kinderarmut', layer: 'ortsteil' });
    expect(res.statusCode).toBe(422);
    const report = res.json();
    expect(report.status).toBe('rejected');
    const names = Object.fromEntries(report.unmatched.map((u: { name: string; suggestions: { name: string }[] }) => [u.name, u.suggestions[0].name]));
    expect(names).toMatchObject({ Volksmarsdorf: 'Volkmarsdorf', Grzschocher: 'Großzschocher' });
    expect(report.errors.find((e: { value: string }) => e.value === 'Volksmarsdorf')).toMatchObject({ code: 'AREA_NAME_UNMATCHED', file: 'kinderarmut.csv', line: 16, field: 'area' });
    expect(await countObservations('kinderarmut')).toBe(0);
    const record = await t.app.inject({ method: 'GET', url: `/api/imports/${report.id}`, headers: { cookie: admin.cookie } });
    expect(record.json()).toMatchObject({ status: 'rejected', fileName: 'kinderarmut.csv', rowsWritten: 0 });
  });

  it('imports kinderarmut.csv once the mapping is confirmed, with an import record', async () => {
    const res = await upload({ name: 'kinderarmut.csv', content: messy('kinderarmut.csv') }, {
      format: 'wide', indicator: 'kinderarmut', layer: 'ortsteil', nameMapping: JSON.stringify({ Volksmarsdorf: 'Volkmarsdorf', Grzschocher: 'Großzschocher' }),
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.status).toBe('committed');
    expect(report.rowsWritten).toBe(63 * 3);
    expect(report.periods).toEqual(['2007', '2009', '2011']);
    const obs = await t.app.inject({ method: 'GET', url: '/api/observations?indicator=kinderarmut&period=2007&layer=ortsteil', headers: { cookie: admin.cookie } });
    const volk = obs.json().find((r: { areaName: string }) => r.areaName === 'Volkmarsdorf');
    expect(volk.value).toBeGreaterThan(0);
    const record = (await t.app.inject({ method: 'GET', url: `/api/imports/${report.id}`, headers: { cookie: admin.cookie } })).json();
    expect(record).toMatchObject({ status: 'committed', fileName: 'kinderarmut.csv', rowsWritten: 189 });
    expect(record.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects the footnote and NUL-padded rows of Durchschnittsalter.csv with their lines, and imports the rest', async () => {
    const res = await upload({ name: 'Durchschnittsalter.csv', content: messy('Durchschnittsalter.csv') }, {
      format: 'wide', indicator: 'durchschnittsalter_messy', layer: 'ortsteil', createIndicators: 'true',
      nameMapping: JSON.stringify({ Volksmarsdorf: 'Volkmarsdorf', Schleig: 'Schleußig', Grzschocher: 'Großzschocher' }),
    });
    const report = res.json();
    expect(report.status).toBe('committed');
    expect(report.rowsRejected).toBe(5);
    const nul = report.warnings.find((w: { code: string }) => w.code === 'CSV_NUL_ROW');
    expect(nul).toMatchObject({ file: 'Durchschnittsalter.csv', line: 69 });
    expect(report.warnings.filter((w: { code: string }) => w.code === 'CSV_FOOTNOTE_ROW').map((w: { line: number }) => w.line)).toEqual([65, 66, 67, 68]);
  });

  it('stores placeholders as missing values with a flag, never as zero', async () => {
    const res = await upload({ name: 'AnteilArbeitslose.csv', content: messy('AnteilArbeitslose.csv') }, {
      format: 'wide', indicator: 'alo_anteil_messy', layer: 'ortsteil', createIndicators: 'true',
      nameMapping: JSON.stringify({ Volksmarsdorf: 'Volkmarsdorf', Lnig: 'Lößnig' }),
    });
    const report = res.json();
    expect(report.status).toBe('committed');
    const placeholders = report.warnings.filter((w: { code: string }) => w.code === 'VALUE_PLACEHOLDER');
    expect(placeholders.length).toBeGreaterThan(0);
    const r = await t.db.pool.query(
      `SELECT count(*) FILTER (WHERE o.missing AND o.value IS NULL)::int AS missing, count(*) FILTER (WHERE o.missing AND o.value IS NOT NULL)::int AS wrong
         FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE i.key = 'alo_anteil_messy'`,
    );
    expect(r.rows[0].missing).toBe(placeholders.length);
    expect(r.rows[0].wrong).toBe(0);
  });

  it('writes nothing when a single row of a long file is bad (all or nothing)', async () => {
    const csv = ['gebiet;indikator;jahr;wert', '62;einwohner;2031;100', '21;einwohner;2031;200', '50;einwohner;2031;zwölf'].join('\n');
    const res = await upload({ name: 'bad.csv', content: csv }, { layer: 'ortsteil' });
    expect(res.statusCode).toBe(422);
    const report = res.json();
    expect(report.errors[0]).toMatchObject({ file: 'bad.csv', line: 4 });
    expect(report.errors[0].de.length).toBeGreaterThan(0);
    expect(report.errors[0].en.length).toBeGreaterThan(0);
    const r = await t.db.pool.query("SELECT count(*)::int AS n FROM observations WHERE period = '2031'");
    expect(r.rows[0].n).toBe(0);
  });

  it('validates without writing on a dry run and returns the full report', async () => {
    const csv = ['gebiet;indikator;jahr;wert', '62;einwohner;2032;100', '21;einwohner;2032;200'].join('\n');
    const res = await upload({ name: 'dry.csv', content: csv }, { layer: 'ortsteil', dryRun: 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'dry_run', rowsRead: 2, rowsWritten: 0, areas: 2 });
    const r = await t.db.pool.query("SELECT count(*)::int AS n FROM observations WHERE period = '2032'");
    expect(r.rows[0].n).toBe(0);
  });

  it('reports the swapped axes of ortsteile-latlon-swapped.json clearly and imports it with swapAxes', async () => {
    const content = fs.readFileSync(path.join(sharedDataDir(), 'leipzig', 'raw', 'ortsteile-latlon-swapped.json'));
    const fields = { kind: 'areas', layer: 'ortsteil', codeProperty: 'key', nameProperty: 'title', dryRun: 'true' };
    const res = await upload({ name: 'ortsteile-latlon-swapped.json', content }, fields);
    expect(res.statusCode).toBe(422);
    const err = res.json().errors[0];
    expect(err.code).toBe('GEO_AXES_SWAPPED');
    expect(err.en).toMatch(/swap/i);
    expect(err.de.length).toBeGreaterThan(0);
    const fixed = await upload({ name: 'ortsteile-latlon-swapped.json', content }, { ...fields, swapAxes: 'true' });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ status: 'dry_run', areas: 63 });
  });

  it('publishes what an import wrote, once per indicator and layer, when asked to', async () => {
    const content = 'gebiet;indikator;jahr;wert\n62;publish_probe_b;2031;5\n62;kinderarmut;2031;7\n21;publish_probe_b;2031;3\n';
    const res = await upload({ name: 'publish-probe.csv', content }, { format: 'long', layer: 'ortsteil', createIndicators: 'true', publish: 'true' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json().extra.published).toEqual([{ indicator: 'kinderarmut', layer: 'ortsteil' }, { indicator: 'publish_probe_b', layer: 'ortsteil' }]);
    const stored = await t.db.pool.query<{ indicator: string; layer: string; period: string }>(
      `SELECT i.key AS indicator, l.key AS layer, p.period FROM publications p JOIN indicators i ON i.id = p.indicator_id JOIN layers l ON l.id = p.layer_id
        WHERE i.key IN ('kinderarmut', 'publish_probe_b') ORDER BY 1, 2`);
    expect(stored.rows).toEqual([{ indicator: 'kinderarmut', layer: 'ortsteil', period: '*' }, { indicator: 'publish_probe_b', layer: 'ortsteil', period: '*' }]);
  });

  it('answers an upload of a disallowed file type with a clear error', async () => {
    const res = await upload({ name: 'evil.exe', content: 'MZ' }, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('UPLOAD_TYPE');
  });

  it('answers 300 fuzzed uploads with a report or a clear error, never a 500, and rejected ones change nothing', async () => {
    const cell = fc.oneof(fc.constantFrom('62', '21', 'Grünau-Mitte', 'Volksmarsdorf', 'einwohner', 'fuzz_ind', '2033', '.', '1.374', 'x', '\u0000', '=1+1', ''), fc.string({ maxLength: 6 }));
    const csv = fc.tuple(fc.constantFrom(';', ',', '|'), fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }))
      .map(([d, rows]) => ['gebiet;indikator;jahr;wert'.replaceAll(';', d), ...rows.map((r) => r.join(d))].join('\n'));
    const input = fc.tuple(fc.oneof(csv, fc.string({ maxLength: 80 })), fc.constantFrom('long', 'wide', 'portal', ''), fc.constantFrom('fuzz.csv', 'fuzz.json', 'fuzz.geojson'));
    const samples = fc.sample(input, { numRuns: 300, seed: 99 });
    const count = async () => (await t.db.pool.query('SELECT count(*)::int n, coalesce(sum(value), 0)::float8 s FROM observations')).rows[0];
    let committed = 0;
    for (const [content, format, name] of samples) {
      const before = await count();
      const fields: Record<string, string> = { layer: 'ortsteil', indicator: 'fuzz_ind', createIndicators: 'true' };
      if (format) fields.format = format;
      const res = await upload({ name, content }, fields);
      expect([200, 400, 404, 422], res.body.slice(0, 200)).toContain(res.statusCode);
      if (res.statusCode === 200) committed++;
      else expect(await count()).toEqual(before);
    }
    expect(committed).toBeLessThan(300);
  });
});

