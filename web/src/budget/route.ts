// "#/budget": App.tsx asks here whether the budget page is open, without loading the page.
export const isBudgetRoute = () => typeof window !== 'undefined' && /^#\/budget(\/|\?|$)/.test(window.location.hash);
