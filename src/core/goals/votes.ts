// Prioritising goal proposals in a Bildungswerkstatt: one person, one budget of votes. Each member
// spreads up to B points over the proposals (cumulative voting, "Punkte kleben"); the tally orders
// proposals by points with a fixed tie-break, and accepted proposals become goals that keep a link
// to the workshop and proposal they came from.
import { LernortError } from '../errors.ts';
import type { Problem } from '../errors.ts';

export interface Ballot {
  memberId: string;
  /** Points per proposal id. */
  points: Readonly<Record<string, number>>;
}

export interface VoteRules {
  members: ReadonlySet<string>;
  proposals: ReadonlySet<string>;
  /** Points each member may spread (B). */
  budget: number;
  /** At most this many points on one proposal (default: no limit but the budget). */
  maxPerProposal?: number;
}

/** Every problem of one ballot (an empty list: valid). */
export function checkBallot(ballot: Ballot, rules: VoteRules): Problem[] {
  const problems: Problem[] = [];
  const who = ballot.memberId;
  if (!rules.members.has(who))
    problems.push({ code: 'VOTE_NOT_MEMBER', de: `„${who}“ ist kein Mitglied dieser Bildungswerkstatt und kann nicht abstimmen.`, en: `"${who}" is not a member of this workshop and cannot vote.`, field: 'memberId', value: who });
  const cap = rules.maxPerProposal ?? Infinity; // without a cap the budget is the only limit
  let total = 0;
  for (const [proposal, p] of Object.entries(ballot.points)) {
    const field = `points.${proposal}`;
    if (!rules.proposals.has(proposal))
      problems.push({ code: 'VOTE_UNKNOWN_PROPOSAL', de: `Vorschlag „${proposal}“ gibt es in dieser Abstimmung nicht.`, en: `Proposal "${proposal}" is not part of this vote.`, field, value: proposal });
    if (!Number.isInteger(p))
      problems.push({ code: 'VOTE_NOT_WHOLE', de: `Punkte für „${proposal}“ müssen ganze Zahlen sein (${p}).`, en: `Points for "${proposal}" must be whole numbers (${p}).`, field, value: String(p) });
    else if (p < 0)
      problems.push({ code: 'VOTE_NEGATIVE', de: `Negative Punkte (${p}) für „${proposal}“ sind nicht erlaubt.`, en: `Negative points (${p}) for "${proposal}" are not allowed.`, field, value: String(p) });
    else if (p > cap)
      problems.push({ code: 'VOTE_OVER_CAP', de: `Höchstens ${cap} Punkte je Vorschlag, für „${proposal}“ sind es ${p}.`, en: `At most ${cap} points per proposal; "${proposal}" has ${p}.`, field, value: String(p) });
    if (Number.isInteger(p) && p > 0) total += p;
  }
  if (total > rules.budget)
    problems.push({ code: 'VOTE_OVER_BUDGET', de: `${total} Punkte vergeben, erlaubt sind ${rules.budget}.`, en: `${total} points given, the budget is ${rules.budget}.`, field: 'points', value: String(total) });
  return problems;
}

export interface ProposalInfo {
  id: string;
  /** ISO timestamp; earlier proposals win a tie that points and voters leave open. */
  createdAt: string;
}

export interface TallyRow {
  proposalId: string;
  points: number;
  /** Members who gave the proposal at least one point. */
  voters: number;
  /** 1-based position after the tie-break. */
  rank: number;
  /** Another proposal has the same points (the order between them comes from the tie-break). */
  tiedOnPoints: boolean;
}

/**
 * Tally of all ballots. All ballots are checked first; any invalid one (or a second ballot of the same
 * member) rejects the whole tally with every problem listed. Tie-break, in this order: more points,
 * more voters (broader support), earlier proposal, then proposal id.
 */
export function tally(ballots: readonly Ballot[], proposals: readonly ProposalInfo[], rules: VoteRules): TallyRow[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  ballots.forEach((b, i) => {
    if (seen.has(b.memberId))
      problems.push({ code: 'VOTE_DUPLICATE_BALLOT', de: `„${b.memberId}“ hat mehr als einen Stimmzettel abgegeben.`, en: `"${b.memberId}" cast more than one ballot.`, field: `ballots[${i}]`, value: b.memberId });
    seen.add(b.memberId);
    for (const p of checkBallot(b, rules)) problems.push({ ...p, field: `ballots[${i}].${p.field}` });
  });
  if (problems.length)
    throw new LernortError('VOTES_INVALID', `${problems.length} Fehler in den Stimmen; nichts wurde ausgezählt. ${problems[0].de}`, `${problems.length} problem(s) in the votes; nothing was counted. ${problems[0].en}`, {
      location: { field: problems[0].field },
      details: problems,
    });

  const points = new Map(proposals.map((p) => [p.id, 0]));
  const voters = new Map(proposals.map((p) => [p.id, 0]));
  for (const b of ballots)
    for (const [id, p] of Object.entries(b.points)) {
      if (p <= 0 || !points.has(id)) continue;
      points.set(id, points.get(id)! + p);
      voters.set(id, voters.get(id)! + 1);
    }
  const sorted = [...proposals].sort(
    (a, b) => points.get(b.id)! - points.get(a.id)! || voters.get(b.id)! - voters.get(a.id)! || cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id),
  );
  const byPoints = new Map<number, number>();
  for (const p of proposals) byPoints.set(points.get(p.id)!, (byPoints.get(points.get(p.id)!) ?? 0) + 1);
  return sorted.map((p, i) => ({ proposalId: p.id, points: points.get(p.id)!, voters: voters.get(p.id)!, rank: i + 1, tiedOnPoints: byPoints.get(points.get(p.id)!)! > 1 }));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface GoalProposal {
  id: string;
  /** The result the proposal wants, e.g. "Mehr Kinder in Grünau besuchen eine Kita". */
  resultStatement: string;
  areaId: string | null;
  indicatorKey: string | null;
  higherIsBetter: boolean | null;
}

export interface GoalDraft {
  resultStatement: string;
  level: 'planning-area' | 'city';
  areaId: string | null;
  ownerWorkingGroupId: string;
  indicatorKey: string | null;
  higherIsBetter: boolean | null;
  origin: { kind: 'workshop-proposal'; workshopId: string; proposalId: string; points: number; rank: number };
}

/**
 * Goal drafts for the accepted proposals, in tally order, each linked to its origin. Accepting is a
 * decision of the workshop (ids), not a rule of the tally; ids not in the tally are refused.
 */
export function goalsFromProposals(
  acceptedIds: readonly string[],
  rows: readonly TallyRow[],
  proposals: readonly GoalProposal[],
  workshop: { id: string; workingGroupId: string },
): GoalDraft[] {
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const rowById = new Map(rows.map((r) => [r.proposalId, r]));
  const unknown = acceptedIds.filter((id) => !byId.has(id) || !rowById.has(id));
  if (unknown.length)
    throw new LernortError('PROPOSAL_UNKNOWN', `Unbekannte Vorschläge: ${unknown.join(', ')}.`, `Unknown proposals: ${unknown.join(', ')}.`, { status: 404, details: unknown });
  const accepted = new Set(acceptedIds);
  return rows
    .filter((r) => accepted.has(r.proposalId))
    .map((r) => {
      const p = byId.get(r.proposalId)!;
      return {
        resultStatement: p.resultStatement,
        level: p.areaId ? 'planning-area' : 'city',
        areaId: p.areaId,
        ownerWorkingGroupId: workshop.workingGroupId,
        indicatorKey: p.indicatorKey,
        higherIsBetter: p.higherIsBetter,
        origin: { kind: 'workshop-proposal', workshopId: workshop.id, proposalId: p.id, points: r.points, rank: r.rank },
      };
    });
}
