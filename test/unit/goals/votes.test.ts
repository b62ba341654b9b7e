import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LernortError } from '../../../src/core/errors.ts';
import { checkBallot, goalsFromProposals, tally } from '../../../src/core/goals/votes.ts';

const rules = { members: new Set(['anna', 'ben', 'cem', 'dora']), proposals: new Set(['kita', 'lesen', 'sport', 'eltern']), budget: 5 };
const proposals = [
  { id: 'kita', createdAt: '2026-02-01T10:00:00Z' },
  { id: 'lesen', createdAt: '2026-02-01T10:05:00Z' },
  { id: 'sport', createdAt: '2026-02-01T09:00:00Z' },
  { id: 'eltern', createdAt: '2026-02-01T11:00:00Z' },
];

describe('workshop votes: one person, one budget', () => {
  it('accepts a ballot that spreads at most the budget over known proposals', () => {
    expect(checkBallot({ memberId: 'anna', points: { kita: 3, lesen: 2 } }, rules)).toEqual([]);
    expect(checkBallot({ memberId: 'anna', points: { kita: 0 } }, rules)).toEqual([]);
  });

  it('names every problem of a ballot: over budget, negative, fractional, unknown proposal, non-member', () => {
    const problems = checkBallot({ memberId: 'eve', points: { kita: 4, lesen: 3, sport: -1, eltern: 0.5, zoo: 1 } }, rules);
    expect(problems.map((p) => p.code)).toEqual(['VOTE_NOT_MEMBER', 'VOTE_NEGATIVE', 'VOTE_NOT_WHOLE', 'VOTE_UNKNOWN_PROPOSAL', 'VOTE_OVER_BUDGET']);
    // 4 + 3 + 1 (the unknown one also spends budget); the negative and fractional points do not count
    expect(problems.at(-1)!.en).toBe('8 points given, the budget is 5.');
  });

  it('caps the points on one proposal when the workshop says so', () => {
    expect(checkBallot({ memberId: 'anna', points: { kita: 4 } }, { ...rules, maxPerProposal: 3 }).map((p) => p.code)).toEqual(['VOTE_OVER_CAP']);
  });

  it('tallies points and voters and breaks ties by voters, then the earlier proposal', () => {
    const rows = tally(
      [
        { memberId: 'anna', points: { kita: 5 } },
        { memberId: 'ben', points: { lesen: 3, sport: 2 } },
        { memberId: 'cem', points: { lesen: 2, sport: 3 } },
        { memberId: 'dora', points: { sport: 1, eltern: 4 } },
      ],
      proposals,
      rules,
    );
    // kita 5 (1 voter), lesen 5 (2 voters), sport 6 (3 voters), eltern 4 (1 voter)
    expect(rows.map((r) => [r.proposalId, r.points, r.voters, r.rank, r.tiedOnPoints])).toEqual([
      ['sport', 6, 3, 1, false],
      ['lesen', 5, 2, 2, true],
      ['kita', 5, 1, 3, true],
      ['eltern', 4, 1, 4, false],
    ]);
  });

  it('gives the same order whatever order the ballots arrive in, and breaks a full tie by creation time', () => {
    const ballots = [
      { memberId: 'anna', points: { kita: 2, lesen: 2 } },
      { memberId: 'ben', points: { kita: 1, lesen: 1 } },
    ];
    const a = tally(ballots, proposals, rules).map((r) => r.proposalId);
    const b = tally([...ballots].reverse(), [...proposals].reverse(), rules).map((r) => r.proposalId);
    expect(a).toEqual(b);
    // kita and lesen both 3 points from 2 voters; kita was proposed first. sport (09:00) before eltern, both 0.
    expect(a).toEqual(['kita', 'lesen', 'sport', 'eltern']);
  });

  it('rejects the whole tally, listing every problem, when one ballot is invalid or a member votes twice', () => {
    try {
      tally(
        [
          { memberId: 'anna', points: { kita: 6 } },
          { memberId: 'ben', points: { lesen: 1 } },
          { memberId: 'ben', points: { sport: 1 } },
        ],
        proposals,
        rules,
      );
      expect.unreachable();
    } catch (e) {
      const err = e as LernortError;
      expect(err.code).toBe('VOTES_INVALID');
      expect((err.details as { code: string; field: string }[]).map((p) => [p.code, p.field])).toEqual([
        ['VOTE_OVER_BUDGET', 'ballots[0].points'],
        ['VOTE_DUPLICATE_BALLOT', 'ballots[2]'],
      ]);
      expect(err.de).toMatch(/^2 Fehler in den Stimmen; nichts wurde ausgezählt\./);
    }
  });
});

describe('accepted proposals become goals', () => {
  const goalProposals = [
    { id: 'sport', resultStatement: 'Mehr Kinder in Grünau sind im Sportverein', areaId: 'pr-gruenau', indicatorKey: 'sport_u15', higherIsBetter: true },
    { id: 'lesen', resultStatement: 'Weniger Kinder in Grünau leben von SGB II', areaId: 'pr-gruenau', indicatorKey: 'sgb2_u15', higherIsBetter: false },
    { id: 'kita', resultStatement: 'Jedes Kind hat einen Kitaplatz', areaId: null, indicatorKey: null, higherIsBetter: null },
  ];
  const rows = [
    { proposalId: 'sport', points: 6, voters: 3, rank: 1, tiedOnPoints: false },
    { proposalId: 'lesen', points: 5, voters: 2, rank: 2, tiedOnPoints: true },
    { proposalId: 'kita', points: 5, voters: 1, rank: 3, tiedOnPoints: true },
  ];

  it('keeps the link to the workshop and the proposal, with its points and rank, in tally order', () => {
    const goals = goalsFromProposals(['kita', 'lesen'], rows, goalProposals, { id: 'ws-2026', workingGroupId: 'ak-gruenau' });
    expect(goals).toEqual([
      {
        resultStatement: 'Weniger Kinder in Grünau leben von SGB II',
        level: 'planning-area',
        areaId: 'pr-gruenau',
        ownerWorkingGroupId: 'ak-gruenau',
        indicatorKey: 'sgb2_u15',
        higherIsBetter: false,
        origin: { kind: 'workshop-proposal', workshopId: 'ws-2026', proposalId: 'lesen', points: 5, rank: 2 },
      },
      {
        resultStatement: 'Jedes Kind hat einen Kitaplatz',
        level: 'city',
        areaId: null,
        ownerWorkingGroupId: 'ak-gruenau',
        indicatorKey: null,
        higherIsBetter: null,
        origin: { kind: 'workshop-proposal', workshopId: 'ws-2026', proposalId: 'kita', points: 5, rank: 3 },
      },
    ]);
  });

  it('refuses to accept a proposal that was not in the vote', () => {
    expect(() => goalsFromProposals(['zoo'], rows, goalProposals, { id: 'ws', workingGroupId: 'ak' })).toThrow(LernortError);
  });
});

describe('tally (property)', () => {
  it('does not depend on the order of ballots or proposals, and hands out every point given', () => {
    const ids = ['kita', 'lesen', 'sport', 'eltern'];
    const members = ['anna', 'ben', 'cem', 'dora'];
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }), (grid, seed) => {
        const ballots = members.map((m, i) => ({ memberId: m, points: Object.fromEntries(ids.map((id, j) => [id, grid[i][j]])) }));
        const shuffled = [...ballots].sort((a, b) => ((a.memberId.charCodeAt(0) * seed) % 7) - ((b.memberId.charCodeAt(0) * seed) % 7));
        const big = { ...rules, budget: 8 };
        const a = tally(ballots, proposals, big);
        const b = tally(shuffled, [...proposals].reverse(), big);
        expect(b).toEqual(a);
        expect(a.reduce((t, r) => t + r.points, 0)).toBe(grid.flat().reduce((t, x) => t + x, 0));
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
