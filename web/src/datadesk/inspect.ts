// A first look at an uploaded file in the browser, before anything is sent: encoding, delimiter,
// line ends and header, and from those a guess of format, layer and indicator key that the user
// confirms or changes. The server reads the file again and is the authority; this only pre-fills.

export interface FileInspection {
  kind: 'observations' | 'areas';
  encoding: 'UTF-8' | 'ISO-8859-1' | null;
  delimiter: ';' | ',' | '|' | '\t' | null;
  lineEnding: 'CRLF' | 'LF' | 'CR' | 'mixed' | null;
  header: string[];
  dataLines: number;
  format: '' | 'long' | 'wide' | 'portal';
  layer: string;
  indicator: string;
}

export interface LayerName { key: string; name: string; nameEn?: string | null }

const norm = (s: string) => s.trim().toLowerCase().normalize('NFC').replace(/^["']|["']$/g, '');

/** "Kinderarmut 2011.csv" → "kinderarmut_2011": a valid indicator key (a-z, 0-9, _). */
export function keyFromFileName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '').toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  return base.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
}

function decode(bytes: Uint8Array): { text: string; encoding: 'UTF-8' | 'ISO-8859-1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('iso-8859-1').decode(bytes), encoding: 'ISO-8859-1' };
  }
}

function lineEndingOf(text: string): FileInspection['lineEnding'] {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const kinds = [crlf && 'CRLF', lf && 'LF', cr && 'CR'].filter(Boolean) as ('CRLF' | 'LF' | 'CR')[];
  return kinds.length === 0 ? null : kinds.length > 1 ? 'mixed' : kinds[0];
}

export function inspectFile(bytes: Uint8Array, fileName: string, layers: readonly LayerName[]): FileInspection {
  const lower = fileName.toLowerCase();
  const empty = { encoding: null, delimiter: null, lineEnding: null, header: [], dataLines: 0, format: '' as const, layer: '', indicator: '' };
  if (lower.endsWith('.zip')) return { ...empty, kind: 'areas' };
  const { text, encoding } = decode(bytes.subarray(0, 1_000_000));
  if (/\.(geo)?json$/.test(lower) && /"FeatureCollection"/.test(text.slice(0, 5000))) return { ...empty, kind: 'areas', encoding };
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.replace(/\0/g, '').trim() !== '');
  const first = lines[0] ?? '';
  const counts = ([';', ',', '|', '\t'] as const).map((d) => [d, first.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  const delimiter = best[1] > 0 ? best[0] : null;
  const header = delimiter ? first.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '')) : [first.trim()];
  const cells = header.map(norm);
  let format: FileInspection['format'] = '';
  if (cells[0] === 'gebiet' && cells[1] === 'sachmerkmal') format = 'portal';
  else if (header.slice(1).some((h) => /^\d{4}$/.test(h))) format = 'wide';
  else if (cells.some((c) => ['indikator', 'indicator'].includes(c)) && cells.some((c) => ['wert', 'value'].includes(c))) format = 'long';
  const layer = layers.find((l) => [l.key, l.name, l.nameEn ?? ''].map(norm).includes(cells[0] ?? ''))?.key ?? '';
  return {
    kind: 'observations', encoding, delimiter, lineEnding: lineEndingOf(text), header, dataLines: Math.max(lines.length - 1, 0),
    format, layer, indicator: format === 'wide' ? keyFromFileName(fileName) : '',
  };
}
