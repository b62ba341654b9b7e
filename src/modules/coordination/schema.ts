// zod types of the coordination API: what comes in, and the shapes that go out.
import { z } from 'zod';
import { areaCodeSchema, slugKeySchema as key } from '../../core/schemas.ts';
import { profileSchema } from '../reports/schema.ts';
const id = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1).max(max);
/** A wall time "2026-03-10T16:00" (no offset: it means the group's zone). */
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const httpUrl = z.string().url().max(2000).refine((u) => /^https?:\/\//i.test(u), 'http or https');

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const memberParams = z.object({ id: z.coerce.number().int().positive(), memberId: z.coerce.number().int().positive() });
export const itemParams = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });
export const decisionParams = z.object({ id: z.coerce.number().int().positive(), decisionId: z.coerce.number().int().positive() });
export const areaParams = z.object({ layer: key, code: areaCodeSchema });
export const keyParams = z.object({ key });
export const tokenQuery = z.object({ token: z.string().max(200).optional() });

export const groupTypeInput = z.object({ name: text(200), nameEn: text(200), sort: z.number().int().default(0) });

export const groupInput = z.object({
  type: key,
  name: text(200),
  description: z.string().max(5000).nullish(),
  area: z.object({ layer: key, code: areaCodeSchema }).nullish(),
  domainKey: key.nullish(),
  zone: z.string().max(64).optional(),
});
export type GroupInput = z.infer<typeof groupInput>;

export const memberRole = z.enum(['chair', 'member', 'guest']);
export const memberInput = z.object({
  role: memberRole.default('member'),
  userId: id.optional(),
  username: z.string().max(64).optional(),
  name: z.string().trim().max(200).optional(),
  email: z.string().email().max(200).optional(),
  organisationId: id.optional(),
  facilityId: id.optional(),
});
export type MemberInput = z.infer<typeof memberInput>;

export const meetingInput = z.object({
  title: text(300),
  start: localDateTime,
  durationMinutes: z.number().int().min(1).max(7 * 24 * 60).default(120),
  zone: z.string().max(64).optional(),
  /** RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU: creates a series and its first occurrences. */
  rrule: z.string().max(500).optional(),
  place: z.string().max(500).nullish(),
  onlineUrl: httpUrl.nullish(),
});
export type MeetingInput = z.infer<typeof meetingInput>;

export const meetingUpdate = meetingInput.omit({ rrule: true }).partial();
export type MeetingUpdate = z.infer<typeof meetingUpdate>;

export const statusInput = z.object({ action: z.enum(['hold', 'start-minutes', 'cancel', 'reinstate']) });

export const agendaInput = z.object({ title: text(500), confidential: z.boolean().default(false), standing: z.boolean().default(false) });
export const agendaUpdate = z.object({
  title: text(500).optional(),
  confidential: z.boolean().optional(),
  standing: z.boolean().optional(),
  outcome: z.enum(['done', 'open', 'deferred']).nullable().optional(),
  minutes: z.string().max(400_000).optional(),
});
export type AgendaUpdate = z.infer<typeof agendaUpdate>;

export const attendanceInput = z.object({ entries: z.array(z.object({ memberId: id, status: z.enum(['present', 'excused', 'absent']) })).max(500) });
export const minutesInput = z.object({ html: z.string().max(400_000) });
export const decisionInput = z.object({ itemId: id, text: text(5000), reviewAtNextMeeting: z.boolean().default(false) });

export const taskInput = z.object({
  title: text(500),
  ownerUserId: id.nullish(),
  ownerMemberId: id.nullish(),
  due: day.nullish(),
  decisionId: id.nullish(),
});
export type TaskInput = z.infer<typeof taskInput>;
export const taskUpdate = taskInput.omit({ decisionId: true }).partial().extend({
  status: z.enum(['open', 'in-progress', 'done', 'dropped']).optional(),
  reason: z.string().max(2000).optional(),
});
export type TaskUpdate = z.infer<typeof taskUpdate>;
export const taskQuery = z.object({
  scope: z.enum(['mine', 'group', 'area', 'all']).default('mine'),
  group: z.coerce.number().int().positive().optional(),
  layer: key.optional(),
  code: z.string().max(64).optional(),
  open: z.enum(['1', '0']).optional(),
});

export const nextInput = z.object({ start: localDateTime.optional(), durationMinutes: z.number().int().min(1).max(7 * 24 * 60).optional() });
export const pdfQuery = z.object({ confidential: z.enum(['omit', 'include']).default('include'), lang: z.enum(['de', 'en']).default('de') });
export const calendarQuery = z.object({ from: day.optional(), to: day.optional(), layer: key.optional(), code: z.string().max(64).optional() });
export const areaCoordinationInput = z.object({ coordinatorUserIds: z.array(id).max(50).default([]), managingOrganisationId: id.nullable().default(null) });

// ---- outputs (checked on the way out, so no internal column slips through) ----

const bilingual = z.object({ de: z.string(), en: z.string() });
const area = z.object({ layer: z.string(), code: z.string(), name: z.string() }).nullable();
export const accessSchema = z.object({ write: z.boolean(), confidential: z.boolean() });

export const memberSchema = z.object({
  id: z.number(), role: z.string(), label: z.string(), userId: z.number().nullable(), name: z.string().nullable(), email: z.string().nullable(),
  organisationId: z.number().nullable(), facilityId: z.number().nullable(), kind: z.enum(['person', 'organisation', 'facility']),
});
export const groupSchema = z.object({
  id: z.number(), type: z.string(), typeName: bilingual, name: z.string(), description: z.string().nullable(), area, domainKey: z.string().nullable(),
  zone: z.string(), access: accessSchema, nextMeeting: z.object({ id: z.number(), start: z.string(), title: z.string() }).nullable(),
});
export const groupDetailSchema = groupSchema.extend({ members: z.array(memberSchema) });

export const meetingSummarySchema = z.object({
  id: z.number(), groupId: z.number(), groupName: z.string(), title: z.string(), start: z.string(), end: z.string(), zone: z.string(),
  startsAt: z.string(), place: z.string().nullable(), onlineUrl: z.string().nullable(), status: z.string(), seriesId: z.number().nullable(),
});
export const taskSchema = z.object({
  id: z.number(), groupId: z.number(), groupName: z.string(), meetingId: z.number().nullable(), decisionId: z.number().nullable(), title: z.string(),
  ownerUserId: z.number().nullable(), ownerMemberId: z.number().nullable(), ownerLabel: z.string().nullable(), due: z.string().nullable(),
  status: z.string(), closedOn: z.string().nullable(), dropReason: z.string().nullable(), dueState: z.string(),
});
export const agendaItemSchema = z.object({
  id: z.number(), position: z.number(), title: z.string(), confidential: z.boolean(), standing: z.boolean(), outcome: z.string().nullable(), minutes: z.string().nullable(),
  carriedFromMeetingId: z.number().nullable(),
});
export const documentSchema = z.object({ id: z.number(), groupId: z.number(), meetingId: z.number().nullable(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), createdAt: z.string() });
export const meetingDetailSchema = meetingSummarySchema.extend({
  minutesHtml: z.string().nullable(), finalisedAt: z.string().nullable(), allowedActions: z.array(z.string()), access: accessSchema,
  confidentialLeftOut: z.number(), agenda: z.array(agendaItemSchema),
  attendance: z.array(z.object({ memberId: z.number(), label: z.string(), role: z.string(), status: z.string().nullable() })),
  decisions: z.array(z.object({ id: z.number(), itemId: z.number(), text: z.string(), reviewAtNextMeeting: z.boolean() })),
  tasks: z.array(taskSchema), documents: z.array(documentSchema),
});
export const notificationSchema = z.object({ id: z.number(), kind: z.string(), subjectType: z.string(), subjectId: z.number(), text: bilingual, createdAt: z.string(), readAt: z.string().nullable() });
export const feedTokenSchema = z.object({ url: z.string(), path: z.string(), token: z.string() });

/** The coordination of a planning area as set (area-page.setAreaCoordination). */
export const areaCoordinationSchema = z.object({
  area: z.object({ layer: z.string(), code: z.string(), name: z.string() }), coordinatorUserIds: z.array(z.number()), managingOrganisationId: z.number().nullable(),
});

/** The page of a planning area (area-page.planningAreaPage). */
export const planningAreaPageSchema = z.object({
  area: z.object({ layer: z.string(), code: z.string(), name: z.string() }),
  yours: z.boolean().nullable().describe('null for roles without a planning-area scope'),
  coordinators: z.array(z.object({ id: z.number(), name: z.string() })), managingProvider: z.object({ id: z.number(), name: z.string() }).nullable(),
  profile: profileSchema.nullable().describe('the key indicators (area profile), null when the area has none'),
  focusAreas: z.array(z.object({ id: z.number(), layer: z.string(), code: z.string(), name: z.string(), validFrom: z.string(), reason: z.string() })),
  facilities: z.object({
    total: z.number(), byType: z.array(z.object({ type: z.string(), name: bilingual, count: z.number() })),
    list: z.array(z.object({ id: z.number(), name: z.string(), type: z.string(), organisation: z.string().nullable(), capacity: z.number().nullable() })).describe('the first 200'),
  }),
  offersByDomain: z.array(z.object({ key: z.string(), name: bilingual, offers: z.number(), capacity: z.number() })),
  groups: z.array(groupSchema), upcomingMeetings: z.array(meetingSummarySchema), openTasks: z.array(taskSchema),
});
