import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/sql/render/csv.js';
import { previewTable } from '../../src/sql/render/result-table.js';

describe('CSV rendering', () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(
      toCsv(
        ['id', 'name'],
        [
          [1, 'Ava'],
          [2, 'Ben'],
        ],
      ),
    ).toBe('id,name\r\n1,Ava\r\n2,Ben\r\n');
  });

  it('quotes commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(toCsv(['v'], [['a,b'], ['say "hi"'], ['two\nlines'], [' padded'], ['plain']])).toBe(
      'v\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n" padded"\r\nplain\r\n',
    );
  });

  it('writes NULL as an empty field and numbers as they are', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, 19.99, -3]])).toBe('a,b,c\r\n,19.99,-3\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(toCsv(['v'], [['=HYPERLINK("http://x")'], ['+1'], ['@SUM(A1)'], ['-2']])).toBe(
      'v\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1\r\n\'@SUM(A1)\r\n\'-2\r\n',
    );
  });

  it('keeps non-ASCII text intact', () => {
    expect(toCsv(['city'], [['São Paulo']])).toBe('city\r\nSão Paulo\r\n');
  });
});

describe('result preview for Slack', () => {
  it('aligns columns, right-aligns numbers and shows NULL', () => {
    const preview = previewTable(
      ['name', 'n'],
      [
        ['Ava', 12],
        ['Benjamin', 3],
        [null, 100],
      ],
    );
    expect(preview.text).toBe(
      ['name     |   n', '---------+----', 'Ava      |  12', 'Benjamin |   3', 'NULL     | 100'].join('\n'),
    );
    expect(preview.rowsShown).toBe(3);
  });

  it('stops at the row limit and within the character budget, cutting long cells', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i, 'x'.repeat(200)]);
    const preview = previewTable(['id', 'text'], rows, { maxRows: 15, maxChars: 500, maxCellChars: 40 });
    expect(preview.text.length).toBeLessThanOrEqual(500);
    expect(preview.rowsShown).toBeLessThan(15);
    expect(preview.text).toContain(`${'x'.repeat(39)}…`);
  });
});
