// The planning-area page, the coordinator's start page: key indicators (the area profile with the
// caller's visibility), focus areas inside the area, facilities and offers by domain, working
// groups with their next meetings, open tasks, coordinators and the managing provider.
// Everything comes through the other modules' services; nothing here reads their tables.
import type { Queryable } from '../../db/connection.ts';
import * as areas from '../areas/service.ts';
import * as reports from '../reports/service.ts';
import { PROFILE_TEMPLATE } from '../reports/schema.ts';
import * as indices from '../indices/service.ts';
import * as facilities from '../facilities/service.ts';
import { visibility } from '../publication/service.ts';
import { usersOfPlanningArea, type SessionUser } from '../users/service.ts';
import * as users from '../users/service.ts';
import * as organisations from '../organisations/service.ts';
import { planningAreaScope } from '../users/permissions.ts';
import { listGroups } from './groups.ts';
import { listTasks } from './tasks.ts';
import { listCalendar } from './meetings.ts';

/** Codes (per layer) of the areas inside an area: members of a grouping and children, transitively. */
async function inside(q: Queryable, layer: string, code: string): Promise<Set<string>> {
  const links = await areas.listLinks(q);
  const out = new Set<string>([`${layer}/${code}`]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const l of links) {
      const child = `${l.member_layer}/${l.member_code}`;
      if (out.has(`${l.group_layer}/${l.group_code}`) && !out.has(child)) {
        out.add(child);
        grew = true;
      }
    }
  }
  return out;
}

/** Key figures and social situation of the area profile; the whole Steckbrief is its own page. */
const KEY_INDICATORS = PROFILE_TEMPLATE.filter((s) => s.key === 'key_figures' || s.key === 'social').map((s) => ({ ...s, topics: undefined }));

export async function planningAreaPage(q: Queryable, user: SessionUser, layer: string, code: string) {
  const area = await areas.requireArea(q, layer, code);
  const within = await inside(q, layer, code);
  const profile = await reports.areaProfile(q, visibility(user.role), layer, code, KEY_INDICATORS).catch(() => null);
  const focusAreas = (await indices.currentFocusAreas(q)).filter((f) => within.has(`${f.layer}/${f.areaCode}`))
    .map((f) => ({ id: f.id, layer: f.layer, code: f.areaCode, name: f.areaName, validFrom: f.validFrom, reason: f.reason }));

  // Facilities located in the area itself or in any area inside it (groupings have no assignment of their own).
  const seen = new Map<number, Awaited<ReturnType<typeof facilities.listFacilities>>[number]>();
  for (const key of within) {
    const [l, c] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    for (const f of await facilities.listFacilities(q, { areaLayer: l, areaCode: c, status: 'active' })) seen.set(f.id, f);
    if (seen.size > 0 && key === `${layer}/${code}`) break; // assigned directly: members add nothing new
  }
  const facilityList = [...seen.values()].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, 'de'));
  const byType = new Map<string, number>();
  for (const f of facilityList) byType.set(f.type, (byType.get(f.type) ?? 0) + 1);
  const typeNames = new Map((await facilities.listFacilityTypes(q)).map((t) => [t.key, { de: t.name, en: t.nameEn }]));
  const services = await facilities.listServices(q, { areaLayer: layer, areaCode: code, status: 'active' });
  const domains = await facilities.listDomains(q);
  const offersByDomain = domains.map((d) => {
    const list = services.filter((s) => s.domain === d.key);
    return { key: d.key, name: { de: d.name, en: d.nameEn }, offers: list.length, capacity: list.reduce((sum, s) => sum + (s.capacity ?? 0), 0) };
  }).filter((d) => d.offers > 0);

  const listed = (await q.query<{ user_id: number }>('SELECT user_id FROM planning_area_coordinators WHERE area_id = $1', [area.id])).rows.map((r) => r.user_id);
  const coordinators = (await users.enabledCoordinators(q, await usersOfPlanningArea(q, area.code), listed))
    .map((u) => ({ id: u.id, name: u.display_name ?? u.username }));
  const providerIds = (await q.query<{ organisation_id: number }>('SELECT organisation_id FROM planning_area_providers WHERE area_id = $1', [area.id])).rows.map((r) => r.organisation_id);
  const providerNames = await organisations.namesOf(q, providerIds);
  const providerId = providerIds.find((id) => providerNames.has(id));
  const provider = providerId === undefined ? null : { id: providerId, name: providerNames.get(providerId)! };

  const now = new Date();
  const scope = planningAreaScope(user.role, user.scope);
  return {
    area: { layer, code: area.code, name: area.name },
    yours: scope === null ? null : scope.includes(area.code) || coordinators.some((c) => c.id === user.id),
    coordinators, managingProvider: provider,
    profile,
    focusAreas,
    facilities: { total: facilityList.length, byType: [...byType.entries()].map(([type, count]) => ({ type, name: typeNames.get(type) ?? { de: type, en: type }, count })), list: facilityList.slice(0, 200).map((f) => ({ id: f.id, name: f.name, type: f.type, organisation: f.organisation, capacity: f.capacity })) },
    offersByDomain,
    groups: await listGroups(q, user, { layer, code }),
    upcomingMeetings: (await listCalendar(q, user, now, new Date(now.getTime() + 92 * 86_400_000), { layer, code })).slice(0, 10),
    openTasks: await listTasks(q, user, { scope: 'area', layer, code, open: '1' }),
  };
}

/** Areas of the grouping layers (Leipzig: the 7 Planungsräume), marking the caller's own. */
export async function listPlanningAreas(q: Queryable, user: SessionUser) {
  const layers = (await areas.listLayers(q)).filter((l) => l.kind === 'grouping');
  const scope = planningAreaScope(user.role, user.scope);
  const listed = new Set((await q.query<{ area_id: number }>('SELECT area_id FROM planning_area_coordinators WHERE user_id = $1', [user.id])).rows.map((r) => r.area_id));
  const out = [];
  for (const l of layers) {
    for (const a of await areas.listAreas(q, l.key)) {
      out.push({ layer: l.key, layerName: { de: l.name_de, en: l.name_en }, code: a.code, name: a.name, yours: (scope?.includes(a.code) ?? false) || listed.has(a.id) });
    }
  }
  return out;
}

/** Sets the coordinators (users) and the managing provider of an area. */
export async function setAreaCoordination(q: Queryable, layer: string, code: string, input: { coordinatorUserIds: number[]; managingOrganisationId: number | null }) {
  const area = await areas.requireArea(q, layer, code);
  await q.query('DELETE FROM planning_area_coordinators WHERE area_id = $1', [area.id]);
  if (input.coordinatorUserIds.length > 0) await q.query('INSERT INTO planning_area_coordinators (area_id, user_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [area.id, input.coordinatorUserIds]);
  await q.query('DELETE FROM planning_area_providers WHERE area_id = $1', [area.id]);
  if (input.managingOrganisationId) await q.query('INSERT INTO planning_area_providers (area_id, organisation_id) VALUES ($1, $2)', [area.id, input.managingOrganisationId]);
  return { area: { layer, code: area.code, name: area.name }, coordinatorUserIds: input.coordinatorUserIds, managingOrganisationId: input.managingOrganisationId };
}
