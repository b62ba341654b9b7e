// iCalendar feeds (RFC 5545, io/ical.ts) per working group and per user, behind a secret token
// in the URL: calendar clients cannot sign in. Like session tokens, only the SHA-256 is stored; the
// token is shown once and creating a new one replaces the old (rotation). Whoever holds the URL
// sees what its owner may see at the time of the request: rights are checked on every fetch.
import crypto from 'node:crypto';
import type { Queryable } from '../../db/connection.ts';
import { parseRRule } from '../../core/calendar/rrule.ts';
import { fromLocal, parseLocalDateTime } from '../../core/calendar/zoned.ts';
import { type IcsEvent, meetingUid, writeCalendar } from '../../io/ical.ts';
import { isRole } from '../users/permissions.ts';
import { scopeOf, type SessionUser } from '../users/service.ts';
import * as users from '../users/service.ts';
import { accessOf, groupFacts, notFound, requireGroup } from './access.ts';
import type { MeetingRow } from './meetings.ts';

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const FEED = { de: 'Kalender', en: 'Calendar' };

/** Creates (or replaces) the caller's feed token for a group (or its personal feed when groupId is null). */
export async function createFeedToken(q: Queryable, user: SessionUser, groupId: number | null, baseUrl: string) {
  if (groupId !== null) await requireGroup(q, user, groupId, 'read');
  const token = crypto.randomBytes(32).toString('base64url');
  await q.query('DELETE FROM calendar_tokens WHERE user_id = $1 AND group_id IS NOT DISTINCT FROM $2', [user.id, groupId]);
  await q.query('INSERT INTO calendar_tokens (user_id, group_id, token_hash) VALUES ($1, $2, $3)', [user.id, groupId, hash(token)]);
  const path = `${groupId === null ? '/api/me/calendar.ics' : `/api/groups/${groupId}/calendar.ics`}?token=${token}`;
  return { token, path, url: `${baseUrl.replace(/\/$/, '')}${path}` };
}

/** The user a feed token belongs to, or 404 (wrong, replaced, other group, disabled user). */
async function tokenUser(q: Queryable, token: string | undefined, groupId: number | null): Promise<SessionUser> {
  if (!token || token.length < 20) throw notFound(FEED, groupId ?? 'me');
  const t = (await q.query<{ id: number; user_id: number }>(
    'SELECT id, user_id FROM calendar_tokens WHERE token_hash = $1 AND group_id IS NOT DISTINCT FROM $2', [hash(token), groupId])).rows[0];
  const u = t === undefined ? undefined : (await users.namesOf(q, [t.user_id])).get(t.user_id);
  if (!t || !u || u.disabled) throw notFound(FEED, groupId ?? 'me');
  // Only a token of an enabled account counts as used.
  await q.query('UPDATE calendar_tokens SET last_used_at = now() WHERE id = $1', [t.id]);
  if (!isRole(u.role)) throw notFound(FEED, groupId ?? 'me');
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role, scope: await scopeOf(q, u.id) };
}

interface SeriesRow { id: number; group_id: number; group_name: string; title: string; start_local: string; duration_minutes: number; zone: string; rrule: string; place: string | null; online_url: string | null; sequence: number; updated_at: Date; created_at: Date }

function minutesBetween(m: MeetingRow): number {
  return Math.round((fromLocal(parseLocalDateTime(m.end_local), m.zone).getTime() - m.starts_at.getTime()) / 60_000);
}

/** VEVENTs of the groups: one per series (with RRULE) plus overrides, one per single meeting. */
export async function feedEvents(q: Queryable, groupIds: number[], baseUrl: string): Promise<{ zone: string; events: IcsEvent[] }> {
  const domain = new URL(baseUrl).hostname || 'lernort.local';
  const series = (await q.query<SeriesRow>('SELECT s.*, g.name AS group_name FROM meeting_series s JOIN working_groups g ON g.id = s.group_id WHERE s.group_id = ANY($1) ORDER BY s.id', [groupIds])).rows;
  const meetings = (await q.query<MeetingRow>('SELECT m.*, g.name AS group_name FROM meetings m JOIN working_groups g ON g.id = m.group_id WHERE m.group_id = ANY($1) ORDER BY m.starts_at, m.id', [groupIds])).rows;
  // One calendar has one zone (VTIMEZONE); the most common zone of the groups wins.
  const counts = new Map<string, number>();
  for (const m of meetings) counts.set(m.zone, (counts.get(m.zone) ?? 0) + 1);
  const zone = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'Europe/Berlin';
  const link = (id: number) => `${baseUrl.replace(/\/$/, '')}/#/koordination/sitzungen/${id}`;
  const where = (place: string | null, online: string | null) => [place, online].filter(Boolean).join(' · ') || undefined;
  const events: IcsEvent[] = [];
  for (const s of series.filter((x) => x.zone === zone)) {
    const first = meetings.find((m) => m.series_id === s.id);
    events.push({
      uid: `series-${s.id}@${domain}`, sequence: s.sequence, stamp: s.updated_at, created: s.created_at, lastModified: s.updated_at,
      timing: { zone, start: parseLocalDateTime(s.start_local), durationMinutes: s.duration_minutes, rule: parseRRule(s.rrule) },
      summary: `${s.title} (${s.group_name})`, location: where(s.place, s.online_url), url: first ? link(first.id) : undefined, status: 'CONFIRMED',
    });
  }
  for (const m of meetings.filter((x) => x.zone === zone)) {
    const inSeries = m.series_id !== null && series.some((s) => s.id === m.series_id && s.zone === zone);
    const s = inSeries ? series.find((x) => x.id === m.series_id)! : undefined;
    const changed = s && (m.status === 'cancelled' || m.start_local !== m.occurrence_local || minutesBetween(m) !== s.duration_minutes || m.title !== s.title || m.place !== s.place);
    if (inSeries && !changed) continue; // the series' RRULE already produces it
    events.push({
      uid: inSeries ? `series-${m.series_id}@${domain}` : meetingUid(m.id, domain), sequence: m.sequence, stamp: m.updated_at, created: m.created_at, lastModified: m.updated_at,
      timing: { zone, start: parseLocalDateTime(m.start_local), durationMinutes: minutesBetween(m) },
      ...(inSeries ? { recurrenceId: parseLocalDateTime(m.occurrence_local!) } : {}),
      summary: `${m.title} (${m.group_name})`, location: where(m.place, m.online_url), url: link(m.id),
      status: m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    });
  }
  return { zone, events };
}

export async function groupFeed(q: Queryable, groupId: number, token: string | undefined, baseUrl: string): Promise<string> {
  const user = await tokenUser(q, token, groupId);
  await requireGroup(q, user, groupId, 'read', FEED, groupId);
  const name = (await q.query<{ name: string }>('SELECT name FROM working_groups WHERE id = $1', [groupId])).rows[0].name;
  const { zone, events } = await feedEvents(q, [groupId], baseUrl);
  return writeCalendar({ name: `Lernort: ${name}`, zone, events, refreshMinutes: 60 });
}

/** The personal feed: groups the user is a member of, and for coordinators the groups of their areas. */
export async function personalFeed(q: Queryable, token: string | undefined, baseUrl: string): Promise<string> {
  const user = await tokenUser(q, token, null);
  const ids = (await groupFacts(q, user, null))
    .filter((f) => { const a = accessOf(user, f); return a.read && (f.memberRole !== null || (user.role === 'coordinator' && a.write)); })
    .map((f) => f.id);
  const { zone, events } = await feedEvents(q, ids, baseUrl);
  return writeCalendar({ name: `Lernort: ${user.displayName ?? user.username}`, zone, events, refreshMinutes: 60 });
}
