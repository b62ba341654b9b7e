import { describe, expect, it } from 'vitest';
import type { Layer } from '../areas/api.ts';
import type { SessionUser } from './session.ts';
import { signInTarget, workspaceFor } from './workspace.ts';

const layers: Layer[] = [
  { key: 'ortsteil', name: 'Ortsteile', areaCount: 63, kind: 'geometry', parent: null },
  { key: 'planungsraum', name: 'Planungsräume', areaCount: 7, kind: 'grouping', parent: null },
];
const user = (role: string, scope: SessionUser['scope'] = {}): SessionUser => ({ username: role, displayName: null, role, scope });

describe('workspaceFor (issue 19 §13: every role lands where its work is)', () => {
  it('names each role\'s page', () => {
    expect(workspaceFor(user('admin'), layers)).toBe('#/verwaltung/benutzer');
    expect(workspaceFor(user('analyst'), layers)).toBe('#/daten/importe');
    expect(workspaceFor(user('planner'), layers)).toBe('#/einrichtungen');
    expect(workspaceFor(user('coordinator', { planningAreas: ['Gruenau', 'West'] }), layers)).toBe('#/koordination/gebiet/planungsraum/Gruenau');
    expect(workspaceFor(user('provider', { organisationId: 7 }), layers)).toBe('#/traeger/7');
    expect(workspaceFor(user('viewer'), layers)).toBeNull();
  });

  it('has no workspace for a coordinator without areas or a provider without organisation', () => {
    expect(workspaceFor(user('coordinator'), layers)).toBeNull();
    expect(workspaceFor(user('provider'), layers)).toBeNull();
    expect(workspaceFor(null, layers)).toBeNull();
  });
});

describe('signInTarget', () => {
  it('moves coordinators and providers from any page, the other roles only from the start page', () => {
    expect(signInTarget(user('provider', { organisationId: 7 }), layers, '#/quellen')).toBe('#/traeger/7');
    expect(signInTarget(user('admin'), layers, '#/')).toBe('#/verwaltung/benutzer');
    expect(signInTarget(user('admin'), layers, '')).toBe('#/verwaltung/benutzer');
    expect(signInTarget(user('admin'), layers, '#/daten/import')).toBeNull();
    expect(signInTarget(user('analyst'), layers, '#/?indicator=einwohner')).toBeNull();
    expect(signInTarget(user('viewer'), layers, '#/')).toBeNull();
  });
});
