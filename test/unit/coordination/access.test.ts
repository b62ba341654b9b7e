import { describe, expect, it } from 'vitest';
import { accessOf, type GroupFacts } from '../../../src/modules/coordination/access.ts';
import { checkDocument } from '../../../src/core/documents.ts';
import { ruleFor } from '../../../web/src/coordination/rules.ts';
import type { SessionUser } from '../../../src/modules/users/service.ts';

const user = (role: SessionUser['role'], scope: Record<string, unknown> = {}): SessionUser => ({ id: 7, username: 'u', displayName: null, role, scope });
const gruenau: GroupFacts = { id: 1, areaCode: 'Gruenau', coordinatesArea: false, memberRole: null, organisationIds: [42] };

describe('who may see and change a working group', () => {
  it('lets the coordinator of the group’s planning area read, write and see confidential items', () => {
    expect(accessOf(user('coordinator', { planningAreas: ['Gruenau'] }), gruenau)).toEqual({ read: true, write: true, confidential: true });
  });

  it('hides the group from the coordinator of another area unless it is a member', () => {
    expect(accessOf(user('coordinator', { planningAreas: ['West'] }), gruenau).read).toBe(false);
    expect(accessOf(user('coordinator', { planningAreas: ['West'] }), { ...gruenau, memberRole: 'guest' })).toEqual({ read: true, write: false, confidential: false });
  });

  it('counts a listed coordinator (planning_area_coordinators) like one with the scope', () => {
    expect(accessOf(user('coordinator'), { ...gruenau, coordinatesArea: true }).write).toBe(true);
  });

  it('shows a provider the groups its organisation belongs to, read-only', () => {
    expect(accessOf(user('provider', { organisationId: 42 }), gruenau)).toEqual({ read: true, write: false, confidential: false });
    expect(accessOf(user('provider', { organisationId: 43 }), gruenau).read).toBe(false);
    expect(accessOf(user('provider'), gruenau).read).toBe(false);
  });

  it('lets viewers read every group but never confidential items, and analysts read all', () => {
    expect(accessOf(user('viewer'), gruenau)).toEqual({ read: true, write: false, confidential: false });
    expect(accessOf(user('analyst'), gruenau)).toEqual({ read: true, write: false, confidential: true });
    expect(accessOf(user('planner'), gruenau)).toEqual({ read: true, write: true, confidential: true });
  });
});

describe('document checks', () => {
  it('accepts a PDF by extension and first bytes and names its media type', () => {
    expect(checkDocument('Protokoll.PDF', Buffer.from('%PDF-1.7 …'), 1000)).toBe('application/pdf');
  });
  it('refuses an executable renamed to .docx (no ZIP header)', () => {
    expect(() => checkDocument('bericht.docx', Buffer.from('MZ\x90\x00'), 1000)).toThrow(/does not match its extension/);
  });
  it('refuses text with NUL bytes, unknown extensions and files above the limit', () => {
    expect(() => checkDocument('a.txt', Buffer.from([65, 0, 66]), 1000)).toThrow(/does not match/);
    expect(() => checkDocument('a.exe', Buffer.from('MZ'), 1000)).toThrow(/not allowed/);
    expect(() => checkDocument('a.txt', Buffer.alloc(1001, 65), 1000)).toThrow(/larger than/);
  });
});

describe('the repeat choice of the schedule form', () => {
  it('turns 10 March 2026 (a Tuesday, the second of the month) into "second Tuesday"', () => {
    expect(ruleFor('monthly', '2026-03-10T16:00', 12)).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=12');
  });
  it('turns 31 March 2026 (the fifth Tuesday) into "last Tuesday", which every month has', () => {
    expect(ruleFor('monthly', '2026-03-31T16:00', 6)).toBe('FREQ=MONTHLY;BYDAY=-1TU;COUNT=6');
  });
  it('gives weekly on the same weekday, and nothing for a single date', () => {
    expect(ruleFor('weekly', '2026-03-12T09:30', 4)).toBe('FREQ=WEEKLY;BYDAY=TH;COUNT=4');
    expect(ruleFor('none', '2026-03-12T09:30', 4)).toBeUndefined();
  });
});
