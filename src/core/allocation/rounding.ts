// Largest-remainder rounding (Hamilton's method) of real amounts in cents to integer cents, or to
// multiples of a rounding unit, so that the amounts sum to the budget exactly.
//
// Every amount first goes down to a multiple of the unit; the units still missing go one each to the
// areas with the largest remainders, ties by code (plain code-point order, so the result does not
// depend on the locale). Areas whose rounded-down amount would fall below their floor come first;
// areas a further unit would push over their cap are skipped. With integer bounds and the unit of
// one cent, rounding therefore never breaks a bound. A budget that is not a multiple of the unit
// leaves a rest of less than one unit; it goes to the area furthest below its real amount.

export interface RoundingItem {
  code: string;
  /** real amount in cents */
  value: number;
  lo?: number;
  hi?: number;
}

/** Remainders equal to 1e-9 of a unit count as ties, so that float noise never decides. */
const quantise = (r: number) => Math.round(r * 1e9) / 1e9;

export function largestRemainder(items: RoundingItem[], total: number, unit = 1): number[] {
  if (!Number.isInteger(total) || !Number.isInteger(unit) || unit < 1) throw new RangeError('largestRemainder: total and unit must be integer cents');
  const down = items.map((it) => Math.floor(it.value / unit + 1e-9) * unit);
  const rem = items.map((it, i) => quantise((it.value - down[i]) / unit));
  const order = items.map((_, i) => i).sort((a, b) => {
    const belowA = down[a] < (items[a].lo ?? -Infinity) ? 1 : 0, belowB = down[b] < (items[b].lo ?? -Infinity) ? 1 : 0;
    return belowB - belowA || rem[b] - rem[a] || (items[a].code < items[b].code ? -1 : items[a].code > items[b].code ? 1 : 0);
  });
  const out = [...down];
  let missing = total - down.reduce((s, x) => s + x, 0);
  // one pass is Hamilton; further passes only happen when capped areas had to be skipped
  for (let pass = 0; missing >= unit && pass < items.length + 1; pass++) {
    let gave = false;
    for (const i of order) {
      if (missing < unit) break;
      if (out[i] + unit > (items[i].hi ?? Infinity)) continue;
      out[i] += unit;
      missing -= unit;
      gave = true;
    }
    if (!gave) break;
  }
  while (missing <= -unit) {
    // real amounts summing above the total (only by float noise): take back from the smallest remainders
    const i = [...order].reverse().find((k) => out[k] - unit >= (items[k].lo ?? 0)) ?? order[order.length - 1];
    out[i] -= unit;
    missing += unit;
  }
  if (missing !== 0) {
    // the rest below one unit: to the area furthest below its real amount (ties by code)
    const byShortfall = items.map((_, k) => k).sort((a, b) => quantise(items[b].value - out[b]) - quantise(items[a].value - out[a]) || (items[a].code < items[b].code ? -1 : items[a].code > items[b].code ? 1 : 0));
    const i = byShortfall.find((k) => out[k] + missing <= (items[k].hi ?? Infinity) && out[k] + missing >= (items[k].lo ?? -Infinity)) ?? byShortfall[0];
    out[i] += missing;
  }
  return out;
}
