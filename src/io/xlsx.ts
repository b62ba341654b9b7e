// Writes XLSX workbooks with exceljs. Text cells that a spreadsheet could take for a formula
// (= + - @, tab, CR) get a leading apostrophe, exactly as csv-write.ts does for CSV.
import ExcelJS from 'exceljs';

const FORMULA_START = /^[=+\-@\t\r]/;

export function xlsxCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const s = String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export interface Sheet {
  name: string;
  header: string[];
  rows: unknown[][];
  /** Number format per column index (e.g. '0.0'); Excel shows it in the user's locale. */
  numFmt?: Record<number, string>;
}

export async function writeXlsx(sheets: Sheet[], meta: { creator?: string; title?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator ?? 'Lernort';
  wb.title = meta.title ?? '';
  wb.created = new Date();
  for (const sheet of sheets) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const ws = wb.addWorksheet(sheet.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Daten');
    ws.addRow(sheet.header.map(xlsxCell));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of sheet.rows) ws.addRow(row.map(xlsxCell));
    sheet.header.forEach((h, i) => {
      const col = ws.getColumn(i + 1);
      col.width = Math.min(48, Math.max(10, h.length + 2));
      const fmt = sheet.numFmt?.[i];
      if (fmt) col.numFmt = fmt;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
