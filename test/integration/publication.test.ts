// Publication with statistical confidentiality. The adversary test collects every public response,
// adds everything an outsider knows (which Ortsteile make up a Stadtbezirk or planning area, that
// residents = men + women = Germans + foreigners, shares × denominators) and tries to recover each
// suppressed cell by linear combination. It must recover none. Its linear algebra is written here,
// independently of the code under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, takeOverPublications, testApp, type TestApp } from './helpers.ts';
import { pinned } from './linear-recovery.ts';

let t: TestApp;
let analyst: { cookie: string; csrf: string };
const COUNTS = ['einwohner', 'maennlich', 'weiblich', 'deutsche', 'auslaender'];
const K_FOR_TEST = 150; // a high threshold so that Leipzig has many small cells to protect
let originalK: number;
let restorePublications: () => Promise<void>;

const call = (method: 'GET' | 'POST' | 'PUT', url: string, who?: { cookie: string; csrf: string }, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {} });

beforeAll(async () => {
  t = await testApp();
  analyst = await signIn(t, 'analyst');
  restorePublications = await takeOverPublications(t);
  await t.db.pool.query('DELETE FROM publications');
  originalK = (await t.db.pool.query("SELECT suppression_k FROM indicators WHERE key = 'auslaender'")).rows[0].suppression_k;
  await t.db.pool.query("UPDATE indicators SET suppression_k = $1 WHERE key = 'auslaender'", [K_FOR_TEST]);
  for (const indicator of [...COUNTS, 'auslaenderanteil']) {
    const res = await call('POST', '/api/publications', analyst, { indicator });
    expect(res.statusCode, res.body).toBe(200);
  }
});

afterAll(async () => {
  await t.db.pool.query("UPDATE indicators SET suppression_k = $1 WHERE key = 'auslaender'", [originalK]);
  await restorePublications();
  await t?.close();
});

type Row = { areaCode: string; value: number | null; display: string; flags: { suppressed: boolean } };

describe('publication and confidentiality', () => {
  it('lists only published indicators publicly', async () => {
    const inds: { key: string }[] = (await call('GET', '/api/public/indicators')).json();
    expect(inds.map((i) => i.key).sort()).toEqual([...COUNTS, 'auslaenderanteil'].sort());
    expect((await call('GET', '/api/public/observations?indicator=sgb2_quote&period=2019&layer=ortsteil')).statusCode).toBe(404);
  });

  it('never returns a count between 1 and k, shows "." instead, and no suppressed cell can be recovered', async () => {
    const layers: { key: string }[] = (await call('GET', '/api/public/layers')).json();
    const periods = ['2000', '2012', '2024'];
    const known = new Map<string, number>();
    const hidden: string[] = [];
    let suppressed = 0;
    for (const period of periods) {
      for (const ind of [...COUNTS, 'auslaenderanteil']) {
        for (const { key: layer } of layers) {
          const res = await call('GET', `/api/public/observations?indicator=${ind}&period=${period}&layer=${layer}`);
          expect(res.statusCode, res.body).toBe(200);
          for (const r of res.json() as Row[]) {
            const id = `${ind}|${layer}|${r.areaCode}|${period}`;
            if (r.flags.suppressed) {
              expect(r.value).toBeNull();
              expect(r.display).toBe('.');
              suppressed++;
              if (ind !== 'auslaenderanteil') hidden.push(id);
            } else if (r.value !== null) {
              if (ind !== 'auslaenderanteil') {
                const k = ind === 'auslaender' ? K_FOR_TEST : 2;
                expect(r.value === 0 || r.value > k, `${id} = ${r.value}`).toBe(true);
              }
              known.set(id, r.value);
            }
          }
        }
      }
    }
    expect(suppressed).toBeGreaterThan(10); // the test is not vacuous

    // What an outsider knows: the area hierarchy and groupings, and the category identities.
    const links = (await t.db.pool.query(
      `SELECT gl.key gl, g.code gc, ml.key ml, m.code mc FROM area_members am JOIN areas g ON g.id = am.group_id JOIN layers gl ON gl.id = g.layer_id JOIN areas m ON m.id = am.member_id JOIN layers ml ON ml.id = m.layer_id
       UNION ALL SELECT pl.key, p.code, cl.key, c.code FROM areas c JOIN areas p ON p.id = c.parent_id JOIN layers pl ON pl.id = p.layer_id JOIN layers cl ON cl.id = c.layer_id`,
    )).rows as { gl: string; gc: string; ml: string; mc: string }[];
    const groups = new Map<string, { layer: string; code: string; memberLayer: string; members: string[] }>();
    for (const l of links) {
      const key = `${l.gl}|${l.gc}|${l.ml}`;
      if (!groups.has(key)) groups.set(key, { layer: l.gl, code: l.gc, memberLayer: l.ml, members: [] });
      groups.get(key)!.members.push(l.mc);
    }
    const areaCodes = (await t.db.pool.query('SELECT l.key layer, a.code FROM areas a JOIN layers l ON l.id = a.layer_id')).rows as { layer: string; code: string }[];
    const index = new Map(hidden.map((id, i) => [id, i]));
    const equations: Map<number, number>[] = [];
    const addEquation = (total: string, parts: string[]) => {
      const row = new Map<number, number>();
      for (const [id, coef] of [[total, 1] as const, ...parts.map((p) => [p, -1] as const)]) {
        const i = index.get(id);
        if (i !== undefined) row.set(i, (row.get(i) ?? 0) + coef);
        else if (!known.has(id)) return; // a cell that is neither published nor suppressed: unusable
      }
      if (row.size > 0) equations.push(row);
    };
    for (const period of periods) {
      for (const ind of COUNTS) for (const g of groups.values()) addEquation(`${ind}|${g.layer}|${g.code}|${period}`, g.members.map((m) => `${ind}|${g.memberLayer}|${m}|${period}`));
      for (const a of areaCodes) {
        const id = (ind: string) => `${ind}|${a.layer}|${a.code}|${period}`;
        addEquation(id('einwohner'), [id('maennlich'), id('weiblich')]);
        addEquation(id('einwohner'), [id('deutsche'), id('auslaender')]);
        // A published share with a published denominator gives the numerator (and vice versa).
        const share = known.get(id('auslaenderanteil'));
        if (share !== undefined && share > 0) {
          const row = new Map<number, number>();
          const ia = index.get(id('auslaender'));
          const ie = index.get(id('einwohner'));
          if (ia !== undefined) row.set(ia, 1);
          if (ie !== undefined) row.set(ie, -share / 100);
          if (row.size > 0) equations.push(row);
        }
      }
    }
    const recovered = [...pinned(equations, hidden.length)].map((i) => hidden[i]);
    // Recovering a complementary (secondary) cell is harmless; a small count must never be recovered.
    const small = [];
    for (const id of recovered) {
      const [ind, layer, code, period] = id.split('|');
      const truth = (await t.db.pool.query(
        'SELECT o.value FROM observations o JOIN indicators i ON i.id = o.indicator_id JOIN areas a ON a.id = o.area_id JOIN layers l ON l.id = a.layer_id WHERE i.key = $1 AND l.key = $2 AND a.code = $3 AND o.period = $4',
        [ind, layer, code, period],
      )).rows[0]?.value;
      const k = ind === 'auslaender' ? K_FOR_TEST : 2;
      if (truth !== undefined && truth >= 1 && truth <= k) small.push(`${id}=${truth}`);
    }
    expect(small).toEqual([]);
  });

  it('serves a published layer\'s map geometry with the same detail options as the internal map', async () => {
    for (const simplify of ['auto', '50', '0']) {
      const pub = await call('GET', `/api/public/areas?layer=ortsteil&simplify=${simplify}`);
      const internal = await call('GET', `/api/areas?layer=ortsteil&simplify=${simplify}`);
      expect(pub.statusCode, pub.body).toBe(200);
      expect(pub.json().features).toHaveLength(63);
      expect(pub.body).toBe(internal.body);
    }
    expect((await call('GET', '/api/public/areas?layer=ortsteil&simplify=fine')).statusCode).toBe(400);
  });

  it('shows internal roles the true value and anonymous callers the displayed one', async () => {
    const anon: Row[] = (await call('GET', '/api/observations?indicator=auslaender&period=2000&layer=ortsteil')).json();
    const hiddenRow = anon.find((r) => r.flags.suppressed);
    expect(hiddenRow).toBeDefined();
    const inside: Row[] = (await call('GET', '/api/observations?indicator=auslaender&period=2000&layer=ortsteil', analyst)).json();
    expect(inside.find((r) => r.areaCode === hiddenRow!.areaCode)!.value).not.toBeNull();
  });

  it('records publications in the audit log', async () => {
    const admin = await signIn(t, 'admin');
    const entries: { action: string; entity: string }[] = (await call('GET', '/api/audit?entity=publication', admin)).json();
    expect(entries.filter((e) => e.action === 'publish').length).toBeGreaterThanOrEqual(6);
  });
});
