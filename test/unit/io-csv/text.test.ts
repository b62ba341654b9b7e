import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/io/text.ts';

// "Zentrum-Südost" in windows-1252: ü = 0xFC.
const latin1 = Buffer.from([...Buffer.from('Zentrum-S', 'ascii'), 0xfc, ...Buffer.from('dost;1,5\r\n', 'ascii')]);

describe('decodeText', () => {
  it('decodes windows-1252 when the bytes are not valid UTF-8', () => {
    const d = decodeText(latin1, 'a.csv');
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('Zentrum-Südost;1,5\n');
  });

  it('decodes characters that only windows-1252 has, such as „ and –', () => {
    const d = decodeText(Buffer.from([0x84, 0x61, 0x93, 0x20, 0x96]), 'a.csv');
    expect(d.text).toBe('„a“ –');
  });

  it('detects UTF-8 with and without a BOM and removes the BOM', () => {
    expect(decodeText(Buffer.from('Größe\n', 'utf8'), 'a.csv')).toMatchObject({ encoding: 'utf-8', text: 'Größe\n' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Größe\n', 'utf8')]);
    expect(decodeText(bom, 'a.csv')).toMatchObject({ encoding: 'utf-8-bom', text: 'Größe\n' });
  });

  it('decodes Excel UTF-16 ("Unicode text") files', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Süd\t1\r\n', 'utf16le')]);
    expect(decodeText(utf16, 'a.txt')).toMatchObject({ encoding: 'utf-16le', text: 'Süd\t1\n', lineEnding: 'crlf' });
  });

  it('normalises CR, LF and CRLF mixed in one file to LF and says the file was mixed', () => {
    const d = decodeText(Buffer.from('a\r\nb\rc\nd', 'ascii'), 'a.csv');
    expect(d.text).toBe('a\nb\nc\nd');
    expect(d.lineEnding).toBe('mixed');
    expect(decodeText(Buffer.from('a\rb\r', 'ascii'), 'a.csv').lineEnding).toBe('cr');
    expect(decodeText(Buffer.from('a\nb\n', 'ascii'), 'a.csv').lineEnding).toBe('lf');
  });

  it('warns about doubly encoded umlauts with the line they are on', () => {
    const d = decodeText(Buffer.from('Gebiet\nZentrum-SÃ¼d\n', 'utf8'), 'a.csv');
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ code: 'TEXT_MOJIBAKE', line: 2, file: 'a.csv', value: 'Ã¼' });
  });
});
