// The row rules of the access module, without a database.
import { describe, expect, it } from 'vitest';
import { allows, type CallerLinks, type RowScope } from '../../../src/modules/access/rules.ts';

const caller = (over: Partial<CallerLinks>): CallerLinks => ({ id: 7, role: 'coordinator', organisationIds: [], planningAreas: [], layer: null, ...over });
const west: RowScope = { organisationIds: [3], planningAreas: [{ layer: 'planungsraum', code: 'West' }] };

describe('access rules', () => {
  it('lets the roles with the whole city as scope act on every row', () => {
    for (const role of ['admin', 'analyst', 'planner'] as const) {
      for (const rule of ['own-organisation', 'own-planning-area', 'organisation-or-planning-area'] as const) expect(allows(caller({ role }), rule, west)).toBe(true);
    }
  });

  it('limits coordinators to their planning areas (same layer when the account names one) or rows naming them as responsible', () => {
    expect(allows(caller({ planningAreas: ['West'] }), 'own-planning-area', west)).toBe(true);
    expect(allows(caller({ planningAreas: ['Gruenau'] }), 'own-planning-area', west)).toBe(false);
    expect(allows(caller({ planningAreas: ['West'], layer: 'stadtbezirk' }), 'own-planning-area', west)).toBe(false);
    expect(allows(caller({ planningAreas: ['West'], layer: 'planungsraum' }), 'own-planning-area', west)).toBe(true);
    expect(allows(caller({ planningAreas: ['Gruenau'] }), 'own-planning-area', { ...west, responsibleUserIds: [7] })).toBe(true);
    expect(allows(caller({ planningAreas: ['West'] }), 'own-organisation', west)).toBe(false);
  });

  it('limits providers to their organisation; viewers and callers without links act on nothing', () => {
    expect(allows(caller({ role: 'provider', organisationIds: [3] }), 'own-organisation', west)).toBe(true);
    expect(allows(caller({ role: 'provider', organisationIds: [4] }), 'own-organisation', west)).toBe(false);
    expect(allows(caller({ role: 'provider', organisationIds: [3] }), 'own-planning-area', west)).toBe(false);
    expect(allows(caller({ role: 'provider', organisationIds: [3] }), 'organisation-or-planning-area', west)).toBe(true);
    expect(allows(caller({ role: 'coordinator', planningAreas: ['West'] }), 'organisation-or-planning-area', west)).toBe(true);
    expect(allows(caller({ role: 'viewer' }), 'organisation-or-planning-area', west)).toBe(false);
    expect(allows(caller({ role: 'provider' }), 'own-organisation', { organisationIds: [], planningAreas: [] })).toBe(false);
  });
});
