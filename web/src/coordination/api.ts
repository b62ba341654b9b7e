// Client calls of the coordination pages, through the one fetch layer of shared/api.ts.
import { apiSend, getJson, query, type LocalisedText } from '../shared/api.ts';

export interface Access { write: boolean; confidential: boolean }
export interface Area { layer: string; code: string; name: string }
export interface Member { id: number; role: string; label: string; userId: number | null; name: string | null; email: string | null; organisationId: number | null; facilityId: number | null; kind: 'person' | 'organisation' | 'facility' }
export interface Group {
  id: number; type: string; typeName: LocalisedText; name: string; description: string | null; area: Area | null; domainKey: string | null; zone: string;
  access: Access; nextMeeting: { id: number; start: string; title: string } | null;
}
export interface GroupDetail extends Group { members: Member[] }
export interface MeetingSummary { id: number; groupId: number; groupName: string; title: string; start: string; end: string; zone: string; startsAt: string; place: string | null; onlineUrl: string | null; status: string; seriesId: number | null }
export interface Task { id: number; groupId: number; groupName: string; meetingId: number | null; decisionId: number | null; title: string; ownerUserId: number | null; ownerMemberId: number | null; ownerLabel: string | null; due: string | null; status: string; closedOn: string | null; dropReason: string | null; dueState: string }
export interface AgendaItem { id: number; position: number; title: string; confidential: boolean; standing: boolean; outcome: string | null; minutes: string | null; carriedFromMeetingId: number | null }
export interface Meeting extends MeetingSummary {
  minutesHtml: string | null; finalisedAt: string | null; allowedActions: string[]; access: Access; confidentialLeftOut: number;
  agenda: AgendaItem[]; attendance: { memberId: number; label: string; role: string; status: string | null }[];
  decisions: { id: number; itemId: number; text: string; reviewAtNextMeeting: boolean }[]; tasks: Task[];
  documents: { id: number; fileName: string; mediaType: string; sizeBytes: number }[];
}
export interface PlanningAreaSummary { layer: string; layerName: LocalisedText; code: string; name: string; yours: boolean }
export interface ProfileItem { slot: string; label: LocalisedText; available: boolean; value: number | null; period: string | null; change: number | null; indicator: { unit: string; unitEn: string; decimals: number } | null; city: { value: number | null } | null }
export interface PlanningAreaPage {
  area: Area; yours: boolean | null; coordinators: { id: number; name: string }[]; managingProvider: { id: number; name: string } | null;
  profile: { sections: { key: string; title: LocalisedText; items: ProfileItem[] }[] } | null;
  focusAreas: { id: number; layer: string; code: string; name: string; validFrom: string; reason: string }[];
  facilities: { total: number; byType: { type: string; name: LocalisedText; count: number }[]; list: { id: number; name: string; type: string; organisation: string | null; capacity: number | null }[] };
  offersByDomain: { key: string; name: LocalisedText; offers: number; capacity: number }[];
  groups: Group[]; upcomingMeetings: MeetingSummary[]; openTasks: Task[];
}

export const getPlanningAreas = (signal?: AbortSignal) => getJson<PlanningAreaSummary[]>('/api/planning-areas', signal);
export const getPlanningAreaPage = (layer: string, code: string, signal?: AbortSignal) => getJson<PlanningAreaPage>(`/api/planning-areas/${encodeURIComponent(layer)}/${encodeURIComponent(code)}`, signal);
export const getGroups = (signal?: AbortSignal) => getJson<Group[]>('/api/groups', signal);
export const getGroupTypes = (signal?: AbortSignal) => getJson<{ key: string; name: LocalisedText }[]>('/api/group-types', signal);
export const getGroup = (id: number, signal?: AbortSignal) => getJson<GroupDetail>(`/api/groups/${id}`, signal);
export const getGroupMeetings = (id: number, signal?: AbortSignal) => getJson<MeetingSummary[]>(`/api/groups/${id}/meetings`, signal);
export const getMeeting = (id: number, signal?: AbortSignal) => getJson<Meeting>(`/api/meetings/${id}`, signal);
export const getCalendar = (from: string, to: string, signal?: AbortSignal) => getJson<MeetingSummary[]>(`/api/calendar?${query({ from, to })}`, signal);
export const getMyTasks = (signal?: AbortSignal) => getJson<Task[]>('/api/tasks?scope=mine&open=1', signal);


/** "2026-03-10T16:00:00" → "10.03.2026, 16:00" (wall time of the group's zone, not the browser's). */
export function wallTime(local: string, lang: 'de' | 'en'): string {
  const [d, t] = local.split('T');
  const [y, m, day] = d.split('-');
  return lang === 'de' ? `${day}.${m}.${y}, ${t.slice(0, 5)}` : `${y}-${m}-${day} ${t.slice(0, 5)}`;
}

/** Plain text from a textarea as minutes HTML: one paragraph per blank-line block (the server sanitises anyway). */
export function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean).map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('');
}

/** Minutes HTML back to editable text. */
export function htmlToText(html: string | null): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(html.replace(/<br\s*\/?>/g, '\n').replace(/<\/p>/g, '</p>\n\n'), 'text/html');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}
