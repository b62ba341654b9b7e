// The file check of uploaded documents (coordination's documents, goal-report attachments): an
// allowlist of types whose first bytes must match the extension (a renamed .exe is refused), not
// empty, and at most maxBytes. Pure: the caller reads the bytes and stores them.
import { LernortError } from './errors.ts';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const TYPES: Record<string, { media: string; magic?: number[] }> = {
  pdf: { media: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  png: { media: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  jpg: { media: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  jpeg: { media: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  docx: { media: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  xlsx: { media: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  pptx: { media: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: ZIP },
  odt: { media: 'application/vnd.oasis.opendocument.text', magic: ZIP },
  ods: { media: 'application/vnd.oasis.opendocument.spreadsheet', magic: ZIP },
  txt: { media: 'text/plain; charset=utf-8' },
  csv: { media: 'text/csv; charset=utf-8' },
};
export const ALLOWED_DOCUMENT_TYPES = Object.keys(TYPES);

/** The media type of an accepted file, or a bilingual 415. */
export function checkDocument(fileName: string, bytes: Buffer, maxBytes: number): string {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const type = TYPES[ext];
  if (!type)
    throw new LernortError('DOCUMENT_TYPE', `Dateityp nicht erlaubt: ${fileName} (erlaubt: ${ALLOWED_DOCUMENT_TYPES.join(', ')}).`, `File type not allowed: ${fileName} (allowed: ${ALLOWED_DOCUMENT_TYPES.join(', ')}).`, { status: 415, location: { file: fileName } });
  if (bytes.length === 0) throw new LernortError('DOCUMENT_EMPTY', 'Die Datei ist leer.', 'The file is empty.', { location: { file: fileName } });
  if (bytes.length > maxBytes)
    throw new LernortError('DOCUMENT_TOO_LARGE', `Die Datei ist größer als ${Math.round(maxBytes / 1048576)} MB.`, `The file is larger than ${Math.round(maxBytes / 1048576)} MB.`, { status: 413, location: { file: fileName } });
  const looksRight = type.magic ? type.magic.every((b, i) => bytes[i] === b) : !bytes.subarray(0, 8192).includes(0);
  if (!looksRight)
    throw new LernortError('DOCUMENT_CONTENT', `Der Inhalt von ${fileName} passt nicht zur Dateiendung .${ext}.`, `The content of ${fileName} does not match its extension .${ext}.`, { status: 415, location: { file: fileName } });
  return type.media;
}

/** A file name safe to store and to send in Content-Disposition (no path, no control characters). */
export const safeFileName = (name: string) => name.replace(/[\\/\u0000-\u001f"<>|:*?]/g, '_').slice(-200);
