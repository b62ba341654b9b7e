// Goals through the API on the Leipzig demo: the "done when" story of issue 12 — the Grünau
// coordinator turns a workshop proposal into a planning-area goal on the child SGB II rate
// (sgb2_anteil_kinder), agrees it with a provider, the provider reports, the coordinator reviews, the
// goal shows its status with history, and the Wirksamkeitsdialog is exported as PDF and DOCX. Then
// access (another provider: 404), forbidden transitions, and immutability in service and trigger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { createUser, login } from '../../src/modules/users/service.ts';
import { goalStatus } from '../../src/core/goals/status.ts';
import { layerValues } from '../../src/modules/monitoring/service.ts';
import * as publication from '../../src/modules/publication/service.ts';
import { overdueReportReminders } from '../../src/modules/goals/service.ts';
import { deliver, dueReminders } from '../../src/modules/coordination/reminders.ts';
import { multipart, testApp, type TestApp } from './helpers.ts';

let t: TestApp;
const password = 'goals password 1';
const run = `${process.pid}_${Date.now()}`;
interface Who { cookie: string; csrf: string; id: number; username: string }
const who: Record<string, Who> = {};

async function user(name: string, role: string, scope: Record<string, unknown> = {}): Promise<Who> {
  const username = `${name}_${run}`;
  const id = await createUser(t.db, { username, password, role, scope, displayName: name });
  const { token, session } = await login(t.db, username, password, '127.0.0.1', 1);
  return { cookie: `lernort_session=${token}`, csrf: session.csrfToken, id, username };
}
async function call(as: Who | undefined, method: string, url: string, payload?: unknown) {
  const res = await t.app.inject({ method: method as 'GET', url, headers: as ? { cookie: as.cookie, 'x-csrf-token': as.csrf } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.body, json: () => res.json(), raw: res.rawPayload };
}
async function ok(as: Who, method: string, url: string, payload?: unknown) {
  const r = await call(as, method, url, payload);
  if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${r.body}`);
  return r.json();
}

/** The bytes of one entry of a zip (stored or deflated), enough for word/document.xml. */
function zipEntry(zip: Buffer, name: string): string | null {
  let i = 0;
  while ((i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), i)) >= 0) {
    const method = zip.readUInt16LE(i + 8);
    const size = zip.readUInt32LE(i + 18);
    const nameLen = zip.readUInt16LE(i + 26);
    const extra = zip.readUInt16LE(i + 28);
    const n = zip.subarray(i + 30, i + 30 + nameLen).toString();
    const start = i + 30 + nameLen + extra;
    if (n === name) {
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    i = start;
  }
  return null;
}

const ids = { org: 0, otherOrg: 0, workshop: 0, proposal: 0, goal: 0, agreement: 0, dialogue: 0 };
const due = '2026-06-30';
let series: { year: number; value: number | null }[] = [];

beforeAll(async () => {
  t = await testApp();
  ids.org = (await t.db.pool.query<{ id: number }>("INSERT INTO organisations (name, kind) VALUES ($1, 'free') RETURNING id", [`Träger Grünau ${run}`])).rows[0].id;
  ids.otherOrg = (await t.db.pool.query<{ id: number }>("INSERT INTO organisations (name, kind) VALUES ($1, 'free') RETURNING id", [`Anderer Träger ${run}`])).rows[0].id;
  who.gruenau = await user('koordination_gruenau', 'coordinator', { planningAreas: ['Gruenau'] });
  who.west = await user('koordination_west', 'coordinator', { planningAreas: ['West'] });
  who.provider = await user('traeger_gruenau', 'provider', { organisationId: ids.org });
  who.other = await user('anderer_traeger', 'provider', { organisationId: ids.otherOrg });
  who.analyst = await user('analyse', 'analyst');
  const values = await layerValues(t.db.pool, 'ortsteil', 'sgb2_anteil_kinder', null);
  series = values.filter((v) => v.areaCode === '63' && /^\d{4}$/.test(v.period)).map((v) => ({ year: Number(v.period), value: v.value })).sort((a, b) => a.year - b.year);
});
afterAll(async () => t?.close());

describe('the Grünau story', () => {
  it('has the child SGB II rate (published per Ortsteil only, a share without counts) for Grünau-Mitte', () => {
    const known = series.filter((p) => p.value !== null);
    expect(known.length).toBeGreaterThan(3);
  });

  it('turns a workshop proposal, prioritised by votes, into a planning-area goal linked to its origin', async () => {
    const w = await ok(who.gruenau, 'POST', '/api/workshops', { title: 'Bildungswerkstatt Grünau 2026', area: { layer: 'planungsraum', code: 'Gruenau' }, votesPerPerson: 5, maxPerProposal: 3 });
    ids.workshop = w.id;
    await ok(who.gruenau, 'POST', `/api/workshops/${w.id}/proposals`, { title: 'Weniger Kinderarmut in Grünau', text: 'Die SGB-II-Quote der unter 15-Jährigen sinkt.' });
    const two = await ok(who.provider, 'POST', `/api/workshops/${w.id}/proposals`, { title: 'Mehr Ferienangebote' });
    const [p1, p2] = two.proposals;
    ids.proposal = p1.id;
    await ok(who.provider, 'POST', `/api/proposals/${p1.id}/comments`, { text: 'Mit der Schulsozialarbeit verbinden.' });
    // one person, one budget: 6 points with a budget of 5 are refused
    expect((await call(who.provider, 'POST', `/api/workshops/${w.id}/votes`, { points: { [p1.id]: 3, [p2.id]: 3 } })).status).toBe(400);
    await ok(who.provider, 'POST', `/api/workshops/${w.id}/votes`, { points: { [p1.id]: 3, [p2.id]: 2 } });
    const tallied = await ok(who.gruenau, 'POST', `/api/workshops/${w.id}/votes`, { points: { [p1.id]: 3, [p2.id]: 1 } });
    expect(tallied.proposals.map((p: { points: number }) => p.points)).toEqual([6, 3]);
    expect(tallied.proposals[0].rank).toBe(1);
    expect(tallied.proposals[0].comments[0].text).toBe('Mit der Schulsozialarbeit verbinden.');

    const base = series.find((p) => p.value !== null)!;
    const goal = await ok(who.gruenau, 'POST', `/api/proposals/${p1.id}/accept`, {
      level: 'planning-area', area: { layer: 'planungsraum', code: 'Gruenau' }, indicatorKey: 'sgb2_anteil_kinder', indicatorArea: { layer: 'ortsteil', code: '63' }, higherIsBetter: false,
      baseline: { year: base.year, value: base.value }, target: { year: 2030, value: Math.round(base.value! * 0.8 * 10) / 10 },
    });
    ids.goal = goal.id;
    expect(goal.title).toBe('Weniger Kinderarmut in Grünau');
    expect(goal.originProposalId).toBe(p1.id);
    expect(goal.area).toEqual({ layer: 'planungsraum', code: 'Gruenau', name: 'Grünau' });
    // the status is §8's on the monitoring series
    const expected = goalStatus(series, { higherIsBetter: false, baseline: goal.baseline, target: goal.target });
    expect(goal.status).toBe(expected.status);
    expect(goal.score).toBe(expected.score);
    expect(goal.reason.de.length).toBeGreaterThan(20);
    expect(goal.reason.en.length).toBeGreaterThan(20);
    expect((await call(who.gruenau, 'POST', `/api/proposals/${p1.id}/accept`, { level: 'planning-area', indicatorKey: 'x', higherIsBetter: false })).status).toBe(409);
    // West's coordinator cannot set goals for Grünau
    expect((await call(who.west, 'POST', '/api/goals', { level: 'planning-area', area: { layer: 'planungsraum', code: 'Gruenau' }, title: 'x', indicatorKey: 'sgb2_anteil_kinder', higherIsBetter: false })).status).toBe(403);
  });

  it('agrees it with a provider: draft → negotiated → signed (both) → reporting, each step audited', async () => {
    const a = await ok(who.gruenau, 'POST', '/api/agreements', {
      providerOrganisationId: ids.org, area: { layer: 'planungsraum', code: 'Gruenau' },
      content: { title: 'Zielvereinbarung Familienbildung Grünau 2026', period: { from: '2026-01-01', to: '2026-12-31' }, goalIds: [String(ids.goal)], measures: ['Elterncafé wöchentlich'], indicatorKeys: ['sgb2_anteil_kinder'], reportingDates: [due, '2026-12-31'], offerIds: [], fundingReference: null },
    });
    ids.agreement = a.id;
    expect(a.state).toBe('draft');
    expect(a.allowedActions).toEqual(['negotiate']);
    // forbidden: signing a draft, the provider putting it up for negotiation
    expect((await call(who.gruenau, 'POST', `/api/agreements/${a.id}/transitions`, { action: 'sign' })).status).toBe(409);
    expect((await call(who.provider, 'POST', `/api/agreements/${a.id}/transitions`, { action: 'negotiate' })).status).toBe(403);
    await ok(who.gruenau, 'POST', `/api/agreements/${a.id}/transitions`, { action: 'negotiate' });
    const half = await ok(who.gruenau, 'POST', `/api/agreements/${a.id}/transitions`, { action: 'sign' });
    expect(half.state).toBe('negotiated');
    const signed = await ok(who.provider, 'POST', `/api/agreements/${a.id}/transitions`, { action: 'sign' });
    expect(signed.state).toBe('signed');
    const reporting = await ok(who.gruenau, 'POST', `/api/agreements/${a.id}/transitions`, { action: 'start-reporting' });
    expect(reporting.state).toBe('reporting');
    const audit = await t.db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'goal_agreement' AND entity_id = $1 ORDER BY id", [String(a.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['agreement.create', 'agreement.negotiate', 'agreement.sign', 'agreement.sign', 'agreement.start-reporting']);
  });

  it('a signed agreement is immutable: the service says 409, the database trigger refuses too', async () => {
    const r = await call(who.gruenau, 'PATCH', `/api/agreements/${ids.agreement}`, { title: 'anders' });
    expect(r.status).toBe(409);
    expect(r.json().error.code).toBe('AGREEMENT_IMMUTABLE');
    await expect(t.db.pool.query("UPDATE goal_agreements SET content = jsonb_set(content, '{title}', '\"anders\"') WHERE id = $1", [ids.agreement])).rejects.toThrow(/signed and cannot be changed/);
    await expect(t.db.pool.query('DELETE FROM goal_agreements WHERE id = $1', [ids.agreement])).rejects.toThrow(/signed/);
    await expect(t.db.pool.query("UPDATE goal_agreements SET state = 'draft' WHERE id = $1", [ids.agreement])).rejects.toThrow(/signed/);
  });

  it('another provider gets 404 for the agreement, its reports and its list is empty; the analyst reads it', async () => {
    expect((await call(who.other, 'GET', `/api/agreements/${ids.agreement}`)).status).toBe(404);
    expect((await call(who.other, 'GET', `/api/agreements/${ids.agreement}/reports`)).status).toBe(404);
    expect((await call(who.other, 'PUT', `/api/agreements/${ids.agreement}/reports/${due}`, { fundingJugendamtCents: 0, ownFundsCents: 0, thirdPartyCents: 0, offers: 0, participantsByAge: {}, participantsByArea: {}, outcomes: {}, outcomesText: '', impactText: '' })).status).toBe(404);
    expect((await ok(who.other, 'GET', '/api/agreements')).map((a: { id: number }) => a.id)).not.toContain(ids.agreement);
    expect((await call(who.west, 'GET', `/api/agreements/${ids.agreement}`)).status).toBe(404);
    expect((await ok(who.analyst, 'GET', `/api/agreements/${ids.agreement}`)).state).toBe('reporting');
    expect((await call(undefined, 'GET', '/api/goals')).status).toBe(401);
  });

  it('the provider submits its report, the coordinator asks for a revision, then accepts; the goal keeps its status at the date', async () => {
    const input = { fundingJugendamtCents: 4_500_000, ownFundsCents: 250_050, thirdPartyCents: 120_000, offers: 3, participantsByAge: { '6-<10': 14, '10-<15': 9 }, participantsByArea: { '63': 15, '64': 8 }, outcomes: { eltern_erreicht: 31 }, outcomesText: 'Mehr Eltern erreicht.', impactText: 'Noch nicht messbar.' };
    const saved = await ok(who.provider, 'PUT', `/api/agreements/${ids.agreement}/reports/${due}`, input);
    expect(saved.inputs).toEqual({ fundingJugendamtCents: 4_500_000, ownFundsCents: 250_050, thirdPartyCents: 120_000 });
    expect((await call(who.provider, 'PUT', `/api/agreements/${ids.agreement}/reports/${due}`, { ...input, ownFundsCents: 1.5 })).status).toBe(400);
    expect((await call(who.gruenau, 'POST', `/api/agreements/${ids.agreement}/reports/${due}/transitions`, { action: 'accept' })).status).toBe(409);
    await ok(who.provider, 'POST', `/api/agreements/${ids.agreement}/reports/${due}/transitions`, { action: 'submit' });
    const back = await ok(who.gruenau, 'POST', `/api/agreements/${ids.agreement}/reports/${due}/transitions`, { action: 'request-revision', comment: 'Bitte Teilnehmende nach Wohnort ergänzen.' });
    expect(back.state).toBe('revision-requested');
    expect(back.reviewComment).toBe('Bitte Teilnehmende nach Wohnort ergänzen.');
    await ok(who.provider, 'PUT', `/api/agreements/${ids.agreement}/reports/${due}`, { ...input, participantsByArea: { '63': 15, '64': 8, '65': 0 } });
    await ok(who.provider, 'POST', `/api/agreements/${ids.agreement}/reports/${due}/transitions`, { action: 'submit' });
    const accepted = await ok(who.gruenau, 'POST', `/api/agreements/${ids.agreement}/reports/${due}/transitions`, { action: 'accept' });
    expect(accepted.state).toBe('accepted');
    expect((await call(who.provider, 'PUT', `/api/agreements/${ids.agreement}/reports/${due}`, input)).status).toBe(409);

    await ok(who.gruenau, 'POST', `/api/goals/${ids.goal}/status`, { asOf: '2020-12-31' });
    const goal = await ok(who.provider, 'GET', `/api/goals/${ids.goal}`);
    expect(goal.history.map((h: { asOf: string }) => h.asOf)).toEqual(['2020-12-31', due]);
    const upTo2020 = goalStatus(series.filter((p) => p.year <= 2020), { higherIsBetter: false, baseline: goal.baseline, target: goal.target });
    expect(goal.history[0].status).toBe(upTo2020.status);
    expect(goal.history[0].reason.de).toBe(upTo2020.reason.de);
    expect(goal.history[1].status).toBe(goal.status);
    expect(goal.series.length).toBe(series.length);
    // the other provider sees no goal of this agreement
    expect((await call(who.other, 'GET', `/api/goals/${ids.goal}`)).status).toBe(404);
  });

  it('holds the Wirksamkeitsdialog of the year, finalises it (then immutable) and exports PDF and DOCX', async () => {
    const d = await ok(who.gruenau, 'POST', '/api/dialogues', { year: 2026, agreementId: ids.agreement, title: 'Familienbildung Grünau', worked: 'Elterncafé gut besucht.', didNotWork: 'Wenige Väter erreicht.', changes: 'Samstagstermine.', followUps: [{ task: 'Vätertreff planen', owner: 'Träger', due: '2027-03-31' }] });
    ids.dialogue = d.id;
    const fin = await ok(who.gruenau, 'POST', `/api/dialogues/${d.id}/finalise`);
    expect(fin.finalisedAt).not.toBeNull();
    const r = await call(who.gruenau, 'PUT', `/api/dialogues/${d.id}`, { title: 'x', worked: '', didNotWork: '', changes: '', followUps: [] });
    expect(r.status).toBe(409);
    expect(r.json().error.code).toBe('DIALOGUE_FINALISED');
    await expect(t.db.pool.query("UPDATE goal_dialogues SET worked = 'anders' WHERE id = $1", [d.id])).rejects.toThrow(/finalised/);

    const docx = await call(who.gruenau, 'GET', `/api/dialogues/${d.id}/export.docx`);
    expect(docx.status).toBe(200);
    expect(docx.raw.subarray(0, 2).toString()).toBe('PK');
    const xml = zipEntry(docx.raw, 'word/document.xml');
    expect(xml).toContain('Wirksamkeitsdialog 2026: Familienbildung Grünau');
    expect(xml).toContain('Vätertreff planen');

    const pdf = await call(who.gruenau, 'GET', `/api/dialogues/${d.id}/export.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 4).toString()).toBe('%PDF');
    expect((await call(who.other, 'GET', `/api/dialogues/${d.id}/export.pdf`)).status).toBe(404);
  });

  it('lists workshops (with their proposal count) and the dialogues the caller may see', async () => {
    const ws = await ok(who.provider, 'GET', '/api/workshops');
    const mine = ws.find((w: { id: number }) => w.id === ids.workshop);
    expect(mine).toEqual({ id: ids.workshop, title: 'Bildungswerkstatt Grünau 2026', area: { layer: 'planungsraum', code: 'Gruenau', name: 'Grünau' }, proposals: 2 });
    const area = await ok(who.gruenau, 'POST', '/api/dialogues', { year: 2026, area: { layer: 'planungsraum', code: 'Gruenau' }, title: 'Planungsraum Grünau', worked: '', didNotWork: '', changes: '', followUps: [] });
    const ofGruenau = (await ok(who.gruenau, 'GET', '/api/dialogues')).map((d: { id: number }) => d.id);
    expect(ofGruenau).toEqual(expect.arrayContaining([ids.dialogue, area.id]));
    expect((await ok(who.gruenau, 'GET', `/api/dialogues?agreementId=${ids.agreement}`)).map((d: { id: number }) => d.id)).toEqual([ids.dialogue]);
    // the provider sees its agreement's dialogue but not the planning area's; another provider neither
    const ofProvider = (await ok(who.provider, 'GET', '/api/dialogues')).map((d: { id: number }) => d.id);
    expect(ofProvider).toContain(ids.dialogue);
    expect(ofProvider).not.toContain(area.id);
    const ofOther = (await ok(who.other, 'GET', '/api/dialogues')).map((d: { id: number }) => d.id);
    expect(ofOther).not.toContain(ids.dialogue);
    expect(ofOther).not.toContain(area.id);
    expect((await call(undefined, 'GET', '/api/workshops')).status).toBe(401);
  });
});

describe('attachments, RBA, published goals, reminders, owner names', () => {
  const due2 = '2026-12-31';
  const upload = (as: Who, url: string, name: string, content: Buffer | string) => {
    const body = multipart({ name, content });
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie: as.cookie, 'x-csrf-token': as.csrf } });
  };

  it('the provider attaches files to its report (type and content checked); only who may read the report fetches them', async () => {
    const url = `/api/agreements/${ids.agreement}/reports/${due2}/attachments`;
    // no report saved yet for this date: nothing to attach to
    expect((await upload(who.provider, url, 'bericht.pdf', '%PDF-1.7 Sachbericht')).statusCode).toBe(404);
    await ok(who.provider, 'PUT', `/api/agreements/${ids.agreement}/reports/${due2}`, { fundingJugendamtCents: 0, ownFundsCents: 0, thirdPartyCents: 0, offers: 1, participantsByAge: {}, participantsByArea: {}, outcomes: {}, outcomesText: '', impactText: '' });
    const up = await upload(who.provider, url, 'Sachbericht 2026.pdf', '%PDF-1.7 Sachbericht');
    expect(up.statusCode).toBe(200);
    const att = up.json();
    expect(att).toMatchObject({ agreementId: ids.agreement, due: due2, fileName: 'Sachbericht 2026.pdf', mediaType: 'application/pdf', sizeBytes: 20 });
    // a renamed executable and a forbidden type are refused; the coordinator does not write the provider's report
    expect((await upload(who.provider, url, 'bericht.pdf', 'MZ\x90\x00 not a pdf')).statusCode).toBe(415);
    expect((await upload(who.provider, url, 'tool.exe', 'MZ')).statusCode).toBe(415);
    expect((await upload(who.gruenau, url, 'notiz.txt', 'Notiz')).statusCode).toBe(403);
    expect((await upload(who.other, url, 'x.pdf', '%PDF-1.7')).statusCode).toBe(404);

    expect((await ok(who.gruenau, 'GET', url)).map((a: { id: number }) => a.id)).toEqual([att.id]);
    const file = await call(who.analyst, 'GET', `/api/report-attachments/${att.id}`);
    expect(file.status).toBe(200);
    expect(file.raw.toString()).toBe('%PDF-1.7 Sachbericht');
    expect((await call(who.other, 'GET', `/api/report-attachments/${att.id}`)).status).toBe(404);
    expect((await call(who.other, 'GET', url)).status).toBe(404);
    expect((await call(who.west, 'GET', `/api/report-attachments/${att.id}`)).status).toBe(404);
    expect((await call(undefined, 'GET', `/api/report-attachments/${att.id}`)).status).toBe(401);
    const audit = await t.db.pool.query<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'goal_provider_report' AND action = 'report.attach'");
    expect(audit.rows.length).toBe(1);
  });

  it('puts performance measures into the RBA quadrants and names the owner instead of an id', async () => {
    const goalOf = (name: string, kind: string, aspect: string, extra: object = {}) => ok(who.gruenau, 'POST', '/api/goals', {
      level: 'agreement', parentId: ids.goal, area: { layer: 'planungsraum', code: 'Gruenau' }, title: `Kennzahl ${name}`, measureName: name, measure: { kind, aspect, ...extra }, higherIsBetter: true,
    });
    const much = await goalOf('eltern_erreicht', 'count', 'effort');
    const well = await goalOf('zufriedene_eltern', 'share', 'effort', { numerator: 'zufriedene Eltern', denominator: 'befragte Eltern' });
    const better = await goalOf('kinder_versetzt', 'share', 'effect', { numerator: 'versetzte Kinder', denominator: 'teilnehmende Kinder' });
    expect([much.rba.quadrant, well.rba.quadrant, better.rba.quadrant]).toEqual(['how-much', 'how-well', 'better-off-share']);
    expect(better.rba.question.de).toBe('Geht es jemandem besser? (Anteil)');
    expect(much.owner).toEqual({ groupId: null, userId: who.gruenau.id, userName: 'koordination_gruenau' });
    // a share without its denominator named is refused
    const bad = await call(who.gruenau, 'POST', '/api/goals', { level: 'agreement', title: 'x', measureName: 'quote', measure: { kind: 'share', aspect: 'effect', numerator: 'mit Abschluss' }, higherIsBetter: true, area: { layer: 'planungsraum', code: 'Gruenau' } });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('MEASURES_INVALID');
    // the indicator goal has no quadrant (a population result, not a performance measure)
    const listed = await ok(who.analyst, 'GET', '/api/goals');
    expect(listed.find((g: { id: number }) => g.id === ids.goal).rba).toBeNull();
    expect(listed.find((g: { id: number }) => g.id === much.id).owner.userName).toBe('koordination_gruenau');
  });

  it('shows the public a goal only once published, its values suppressed as in the public atlas', async () => {
    // a published count cell that the public sees as "." (small number) — the goal is read there
    let cell: { indicator: string; layer: string; code: string } | null = null;
    for (const p of await publication.listPublications(t.db.pool)) {
      const shown = await publication.publicValues(t.db.pool, { indicator: p.indicator_key, layer: p.layer_key, period: null });
      const hit = shown.find((v) => v.display === '.' && /^\d{4}$/.test(v.period));
      if (hit) { cell = { indicator: p.indicator_key, layer: p.layer_key, code: hit.areaCode }; break; }
    }
    expect(cell).not.toBeNull();
    const c = cell!;
    const stored = (await layerValues(t.db.pool, c.layer, c.indicator, null)).filter((v) => v.areaCode === c.code && /^\d{4}$/.test(v.period));
    const shown = (await publication.publicValues(t.db.pool, { indicator: c.indicator, layer: c.layer, period: null })).filter((v) => v.areaCode === c.code && /^\d{4}$/.test(v.period));
    const hiddenYear = Number(shown.find((v) => v.display === '.')!.period);
    const trueHidden = stored.find((v) => Number(v.period) === hiddenYear)!.value;
    expect(trueHidden).not.toBeNull();

    const goal = await ok(who.gruenau, 'POST', '/api/goals', {
      level: 'planning-area', area: { layer: 'planungsraum', code: 'Gruenau' }, title: `Öffentliches Ziel ${run}`, indicatorKey: c.indicator, indicatorArea: { layer: c.layer, code: c.code }, higherIsBetter: true,
      baseline: { year: hiddenYear, value: trueHidden }, target: { year: 2035, value: (trueHidden ?? 0) + 10 },
    });
    expect(goal.published).toBe(false);
    expect((await call(undefined, 'GET', `/api/public/goals/${goal.id}`)).status).toBe(404);
    expect((await ok(undefined as unknown as Who, 'GET', '/api/public/goals')).map((g: { id: number }) => g.id)).not.toContain(goal.id);
    expect((await call(who.west, 'POST', `/api/goals/${goal.id}/publish`)).status).toBe(404); // not West's: the access rule hides it
    expect((await call(undefined, 'POST', `/api/goals/${goal.id}/publish`)).status).toBe(401);
    expect((await ok(who.gruenau, 'POST', `/api/goals/${goal.id}/publish`)).published).toBe(true);

    const pub = await ok(undefined as unknown as Who, 'GET', `/api/public/goals/${goal.id}`);
    expect(pub.status).toBeTypeOf('string');
    expect(pub.reason.de.length).toBeGreaterThan(5);
    // the series is exactly the public table's, the small number is "." and appears nowhere
    expect(pub.series).toEqual(shown.map((v) => ({ year: Number(v.period), value: v.value, display: v.display })).sort((a, b) => a.year - b.year));
    expect(pub.series.find((p: { year: number }) => p.year === hiddenYear)).toEqual({ year: hiddenYear, value: null, display: '.' });
    expect(pub.baseline).toBeNull();
    expect(JSON.stringify(pub)).not.toContain(`"value":${trueHidden}`);
    expect(pub).not.toHaveProperty('owner');
    expect((await ok(undefined as unknown as Who, 'GET', '/api/public/goals')).map((g: { id: number }) => g.id)).toContain(goal.id);
    // the internal answer keeps the true values
    expect((await ok(who.analyst, 'GET', `/api/goals/${goal.id}`)).baseline).toEqual({ year: hiddenYear, value: trueHidden });
    await ok(who.gruenau, 'POST', `/api/goals/${goal.id}/unpublish`);
    expect((await call(undefined, 'GET', `/api/public/goals/${goal.id}`)).status).toBe(404);
  });

  it('flags the overdue report and reminds the provider and the coordinator once per week of lateness, through the reminder job', async () => {
    const later = new Date('2027-01-03T10:00:00Z');
    const a = await ok(who.gruenau, 'GET', `/api/agreements/${ids.agreement}`);
    expect(a.reports.find((r: { due: string }) => r.due === due2).state).toBe('draft');
    const mine = (await overdueReportReminders(t.db.pool, later)).filter((r) => r.subject.id === String(ids.agreement));
    expect(mine.map((r) => r.recipientId).sort()).toEqual([`u${who.gruenau.id}`, `u${who.provider.id}`].sort());
    expect(mine[0]).toMatchObject({ kind: 'report-overdue', subject: { type: 'agreement', id: String(ids.agreement) }, key: `report-overdue:${ids.agreement}:${due2}:0:${mine[0].recipientId}` });
    expect(mine[0].de).toContain('seit 3 Tagen überfällig');
    // the submitted (and accepted) first report is not reminded
    expect(mine.every((r) => r.key.includes(due2))).toBe(true);
    // coordination's hourly run picks them up; delivered once, a second run sends nothing
    const planned = (await dueReminders(t.db.pool, later)).filter((r) => r.kind === 'report-overdue' && r.subject.id === String(ids.agreement));
    expect(planned.length).toBe(2);
    for (const r of planned) expect(await deliver(t.db.pool, r, null)).toBe(true);
    expect((await dueReminders(t.db.pool, later)).filter((r) => r.kind === 'report-overdue' && r.subject.id === String(ids.agreement))).toEqual([]);
    const notes = await ok(who.provider, 'GET', '/api/me/notifications');
    expect(notes.some((n: { kind: string; subjectId: number }) => n.kind === 'report-overdue' && n.subjectId === ids.agreement)).toBe(true);
    // a week later: a new round
    expect((await overdueReportReminders(t.db.pool, new Date('2027-01-09T10:00:00Z'))).filter((r) => r.subject.id === String(ids.agreement)).map((r) => r.key.split(':')[3])).toEqual(['1', '1']);
  });
});
