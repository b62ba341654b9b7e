// "#/budget": App.tsx asks here whether the budget page is open, without loading the page.
import { currentHash } from '../shared/route.ts';

export const isBudgetRoute = () => /^#\/budget(\/|\?|$)/.test(currentHash());
