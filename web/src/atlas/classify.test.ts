import { describe, expect, it } from 'vitest';
import { classOf, classify } from './classify.ts';

const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('classify', () => {
  it('returns no classes for no values', () => {
    expect(classify([], 'quantile')).toEqual({ breaks: [], count: 0 });
  });

  it('puts equal values into one class instead of dividing by zero', () => {
    for (const method of ['quantile', 'equal', 'jenks'] as const) {
      const classes = classify([3, 3, 3], method);
      expect(classes).toEqual({ breaks: [3, 3], count: 1 });
      expect(classOf(classes, 3)).toBe(0);
    }
  });

  it('splits the range evenly for equal intervals', () => {
    expect(classify(values, 'equal').breaks).toEqual([1, 2.8, 4.6, 6.4, 8.2, 10]);
  });

  it('puts about the same number of values into each quantile class', () => {
    const classes = classify(values, 'quantile');
    const counts = new Array(classes.count).fill(0);
    for (const v of values) counts[classOf(classes, v)]++;
    expect(counts).toEqual([2, 2, 2, 2, 2]);
  });

  it('collapses quantile classes that ties make empty', () => {
    const classes = classify([1, 1, 1, 1, 1, 1, 1, 1, 2, 9], 'quantile');
    expect(classes.breaks[0]).toBe(1);
    expect(new Set(classes.breaks).size).toBe(classes.breaks.length);
  });

  it('finds the obvious natural breaks', () => {
    const classes = classify([1, 2, 3, 50, 51, 52, 100, 101], 'jenks', 3);
    expect(classes.breaks).toEqual([1, 50, 100, 101]);
    expect(classOf(classes, 3)).toBe(0);
    expect(classOf(classes, 50)).toBe(1);
    expect(classOf(classes, 101)).toBe(2);
  });

  it('never asks for more natural classes than there are distinct values', () => {
    expect(classify([1, 1, 5, 5], 'jenks').count).toBe(2);
  });

  it('makes no more classes than there are distinct values', () => {
    for (const method of ['quantile', 'equal', 'jenks'] as const) {
      expect(classify([41219, 46222, 51116], method).count, method).toBe(3);
    }
  });

  it('keeps the maximum in the last class', () => {
    const classes = classify(values, 'equal');
    expect(classOf(classes, 10)).toBe(classes.count - 1);
  });

  it('ignores values that are not finite', () => {
    expect(classify([1, Number.NaN, 2], 'equal').breaks[0]).toBe(1);
  });
});
