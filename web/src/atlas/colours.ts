// Colour-blind-safe series colours (Okabe–Ito, darkened where needed), all ≥ 3:1 against white.
export const SERIES_COLOURS = ['#7a0177', '#0072b2', '#d55e00', '#007a5a', '#b3447f', '#5c4a00'];
export const CITY_COLOUR = '#4d4d4d';
export const PARENT_COLOUR = '#8a5a00';
