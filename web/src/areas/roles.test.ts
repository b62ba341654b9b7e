import { describe, expect, it } from 'vitest';
import type { Layer } from './api.ts';
import { layerRoles } from './roles.ts';

const layer = (key: string, extra: Partial<Layer>): Layer => ({ key, name: key, areaCount: 1, kind: 'geometry', parent: null, ...extra });

describe('layer roles from /api/layers', () => {
  // Keys that say nothing: the roles come from kind, parent and members only.
  const layers = [
    layer('a', { areaCount: 1 }),
    layer('b', { areaCount: 10, parent: 'c' }),
    layer('c', { areaCount: 3, parent: 'a' }),
    layer('g', { kind: 'grouping', areaCount: 4, members: 'c' }),
  ];

  it('takes the groupings\' member layer as base, the kind grouping as grouping, named parents as parents', () => {
    const roles = layerRoles(layers);
    expect(roles.base?.key).toBe('c');
    expect(roles.grouping?.key).toBe('g');
    expect(roles.parentOf('b')?.key).toBe('c');
    expect(roles.parentOf('a')).toBeUndefined();
    expect(roles.role('g')).toBe('grouping');
    expect(roles.role('c')).toBe('base');
    expect(roles.role('a')).toBe('parent');
    expect(roles.role('b')).toBeNull();
    expect(roles.role('x')).toBeNull();
  });

  it('without a grouping the base is the finest geometry layer (no one\'s parent, most areas)', () => {
    const roles = layerRoles(layers.filter((l) => l.kind !== 'grouping'));
    expect(roles.base?.key).toBe('b');
    expect(roles.grouping).toBeUndefined();
  });

  it('has no roles without layers', () => {
    const roles = layerRoles([]);
    expect(roles.base).toBeUndefined();
    expect(roles.grouping).toBeUndefined();
  });
});
