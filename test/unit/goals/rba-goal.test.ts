import { describe, expect, it } from 'vitest';
import { rbaOf } from '../../../src/modules/goals/service.ts';

// The RBA quadrant every goal answer carries (null for population results on an indicator).
const goal = (over: Partial<Parameters<typeof rbaOf>[0]>) => ({ measure_name: 'x', measure_kind: null, measure_aspect: null, measure_numerator: null, measure_denominator: null, ...over });

describe('the RBA quadrant of a goal', () => {
  it('is null without a performance measure or without its classification', () => {
    expect(rbaOf(goal({ measure_name: null, measure_kind: 'count', measure_aspect: 'effort' }))).toBeNull();
    expect(rbaOf(goal({ measure_kind: 'count' }))).toBeNull();
  });

  it('names the quadrant and its question in both languages, a share with its numerator and denominator', () => {
    expect(rbaOf(goal({ measure_kind: 'count', measure_aspect: 'effort' }))).toMatchObject({ quadrant: 'how-much', question: { de: 'Wie viel haben wir getan?', en: 'How much did we do?' } });
    expect(rbaOf(goal({ measure_kind: 'count', measure_aspect: 'effect' }))?.quadrant).toBe('better-off-count');
    expect(rbaOf(goal({ measure_kind: 'share', measure_aspect: 'effect', measure_numerator: 'versetzt', measure_denominator: 'teilnehmend' }))).toEqual({
      quadrant: 'better-off-share', question: { de: 'Geht es jemandem besser? (Anteil)', en: 'Is anyone better off? (share)' }, kind: 'share', aspect: 'effect', numerator: 'versetzt', denominator: 'teilnehmend',
    });
  });
});
