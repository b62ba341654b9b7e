// Text lines of a PDF through pdfjs-dist (legacy build, runs in Node without a worker thread): per
// page, the text items grouped by their baseline (top to bottom), each line's items sorted left to
// right, empty strings dropped. The shape src/io/rbv-pdf.ts reads.
import { LernortError } from '../core/errors.ts';

export async function pdfTextLines(bytes: Uint8Array, file: string): Promise<string[][][]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (err) {
    throw new LernortError('PDF_UNREADABLE', `${file} ist keine lesbare PDF-Datei (${(err as Error).message}).`, `${file} is not a readable PDF file (${(err as Error).message}).`, { status: 400, location: { file } });
  }
  try {
    const pages: string[][][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const rows = new Map<number, Array<{ x: number; s: string }>>();
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const y = Math.round(item.transform[5]);
        if (!rows.has(y)) rows.set(y, []);
        rows.get(y)!.push({ x: item.transform[4], s: item.str.trim() });
      }
      pages.push([...rows.entries()].sort((a, b) => b[0] - a[0]).map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.s)));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
