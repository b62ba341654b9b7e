import type { Map as MapLibreMap } from 'maplibre-gl';

// Patterns drawn into pixel buffers here, because the map must not load any image from outside.
// The legend draws the same patterns with CSS (see .swatch-missing / .swatch-suppressed).

export const PATTERN_MISSING = 'pattern-missing';
export const PATTERN_SUPPRESSED = 'pattern-suppressed';
export const PATTERN_BREAK = 'pattern-break';

const SIZE = 8;

function pattern(ink: (x: number, y: number) => boolean, rgb: [number, number, number]): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (!ink(x, y)) continue; // transparent: the grey or white fill below shows through
      const i = (y * SIZE + x) * 4;
      data[i] = rgb[0];
      data[i + 1] = rgb[1];
      data[i + 2] = rgb[2];
      data[i + 3] = 255;
    }
  }
  return { width: SIZE, height: SIZE, data };
}

export function addPatterns(map: MapLibreMap): void {
  // "keine Daten": diagonal hatching, one line per 8 px, 2 px wide so it survives antialiasing.
  const hatch = pattern((x, y) => (x + SIZE - y) % SIZE < 2, [0x70, 0x70, 0x70]);
  // "geheim gehalten (.)": a dot, echoing the "." of German statistical tables.
  const dots = pattern((x, y) => x >= 3 && x <= 4 && y >= 3 && y <= 4, [0x33, 0x33, 0x33]);
  // "Bruch in der Zeitreihe": vertical stripes, semi-transparent so the class colour shows.
  const stripes = pattern((x) => x % 4 === 0, [0x1a, 0x1a, 0x1a]);
  if (!map.hasImage(PATTERN_BREAK)) map.addImage(PATTERN_BREAK, stripes);
  if (!map.hasImage(PATTERN_MISSING)) map.addImage(PATTERN_MISSING, hatch);
  if (!map.hasImage(PATTERN_SUPPRESSED)) map.addImage(PATTERN_SUPPRESSED, dots);
}
