// Reporting dates of a goal agreement and whether a report is overdue. Due dates are calendar dates
// in Europe/Berlin (a report due on 31 December is late from 1 January 00:00 Berlin time, which is
// 23:00 UTC on 31 December), so every instant is turned into its Berlin date before comparing.
// Dates are ISO strings YYYY-MM-DD; arithmetic on them runs in UTC, where days have no DST.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export type Cadence = 'quarter' | 'half-year' | 'year';

export interface ReportingPeriod {
  /** First and last day the report covers. */
  from: string;
  to: string;
  /** The day the report is due. */
  due: string;
}

function parse(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${date}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== date) throw new RangeError(`no such day: ${date}`);
  return t;
}
const format = (t: number) => new Date(t).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return format(parse(date) + days * DAY_MS);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b) - parse(a)) / DAY_MS);
}

const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Berlin at an instant (en-CA formats as YYYY-MM-DD). */
export function berlinDate(instant: Date): string {
  return berlin.format(instant);
}

/**
 * Reporting periods over an agreement's period on calendar quarters, half-years or years, the first
 * and last clipped to the agreement; each report is due `dueAfterDays` after its period ends
 * (0: on the last day; a Sachbericht is often due three months later).
 */
export function reportingPeriods(agreement: { from: string; to: string }, cadence: Cadence, dueAfterDays = 0): ReportingPeriod[] {
  const start = parse(agreement.from);
  const end = parse(agreement.to);
  if (end < start) throw new RangeError(`period ends (${agreement.to}) before it starts (${agreement.from})`);
  const months = cadence === 'quarter' ? 3 : cadence === 'half-year' ? 6 : 12;
  const out: ReportingPeriod[] = [];
  let from = start;
  while (from <= end) {
    const d = new Date(from);
    // the calendar block containing `from`, e.g. July–December for a half-year
    const blockStartMonth = Math.floor(d.getUTCMonth() / months) * months;
    const blockEnd = Date.UTC(d.getUTCFullYear(), blockStartMonth + months, 1) - DAY_MS;
    const to = Math.min(blockEnd, end);
    out.push({ from: format(from), to: format(to), due: addDays(format(to), dueAfterDays) });
    from = to + DAY_MS;
  }
  return out;
}

export type ReportState = 'upcoming' | 'due-soon' | 'overdue' | 'submitted' | 'submitted-late';

export interface DueCheck {
  due: string;
  state: ReportState;
  /** Days past the due date (overdue or submitted late); 0 otherwise. */
  daysLate: number;
  /** Days left until the due date (upcoming or due soon); 0 otherwise. */
  daysLeft: number;
}

/**
 * The state of each report at the instant `now`. A report is on time when submitted (Berlin date) on
 * or before its due date; overdue once the Berlin date is after the due date and nothing has been
 * submitted; due soon within `soonDays` (default 14) before it.
 */
export function reportStates(dueDates: readonly string[], submittedAt: ReadonlyMap<string, Date>, now: Date, opts: { soonDays?: number } = {}): DueCheck[] {
  const today = berlinDate(now);
  const soon = opts.soonDays ?? 14;
  return [...dueDates].sort().map((due) => {
    const sent = submittedAt.get(due);
    if (sent) {
      const late = Math.max(0, daysBetween(due, berlinDate(sent)));
      return { due, state: late > 0 ? 'submitted-late' : 'submitted', daysLate: late, daysLeft: 0 };
    }
    const left = daysBetween(today, due);
    if (left < 0) return { due, state: 'overdue', daysLate: -left, daysLeft: 0 };
    return { due, state: left <= soon ? 'due-soon' : 'upcoming', daysLate: 0, daysLeft: left };
  });
}

/** The due dates whose report is overdue at `now`, oldest first (what a reminder job sends). */
export function overdue(dueDates: readonly string[], submittedAt: ReadonlyMap<string, Date>, now: Date): string[] {
  return reportStates(dueDates, submittedAt, now).filter((c) => c.state === 'overdue').map((c) => c.due);
}
