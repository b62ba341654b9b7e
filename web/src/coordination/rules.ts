// The repeat choices of the schedule form as RFC 5545 RRULE text (the server validates them).
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** RRULE for "monthly on the same weekday" (2nd Tuesday, or -1 for the last one) or weekly, from a start date. */
export function ruleFor(kind: 'none' | 'monthly' | 'weekly', start: string, count: number): string | undefined {
  if (kind === 'none' || !/^\d{4}-\d{2}-\d{2}/.test(start)) return undefined;
  const [y, m, d] = start.slice(0, 10).split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  if (kind === 'weekly') return `FREQ=WEEKLY;BYDAY=${weekday};COUNT=${count}`;
  const nth = Math.ceil(d / 7);
  return `FREQ=MONTHLY;BYDAY=${nth === 5 ? -1 : nth}${weekday};COUNT=${count}`;
}
