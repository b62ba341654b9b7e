import { describe, expect, it } from 'vitest';
import { classOf, classify, parseThresholds } from './classify.ts';

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

  it('cuts standard-deviation classes around the mean', () => {
    // mean 5.5, population sd 2.8723: cuts at 1.19, 4.06, 6.94, 9.81
    const c = classify(values, 'sd');
    expect(c.count).toBe(5);
    expect(c.breaks[0]).toBe(1);
    expect(c.breaks[2]).toBeCloseTo(5.5 - 0.5 * 2.8722813, 6);
    expect(c.breaks[5]).toBe(10);
  });

  it('uses fixed thresholds inside the data range only', () => {
    expect(classify(values, 'fixed', 5, [0, 3, 7, 12])).toEqual({ breaks: [1, 3, 7, 10], count: 3 });
  });

  it('reads thresholds typed the German or the international way', () => {
    expect(parseThresholds('10; 20,5; 30')).toEqual([10, 20.5, 30]);
    expect(parseThresholds('30, 10 20.5')).toEqual([10, 20.5, 30]);
    expect(parseThresholds('abc')).toEqual([]);
  });
});
