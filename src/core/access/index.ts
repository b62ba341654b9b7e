// Accessibility of facilities (supply versus need) — METHODS.md §6.
export { twoStepFca, enhancedTwoStepFca, balancedFca, gravity } from './fca.ts';
export type { AccessInput, AccessResult } from './fca.ts';
export { E2SFCA_STEPS, compileDecay } from './decay.ts';
export type { Decay, CompiledDecay } from './decay.ts';
export { naivePairs, matrixPairs, minutesPerMetre } from './pairs.ts';
export type { DemandPoint, SupplyPoint, Travel, PairSource, OriginVisitor } from './pairs.ts';
export { gridPairs } from './grid.ts';
