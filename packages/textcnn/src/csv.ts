import { DlError } from '@dl/core';

export interface DelimitedRow {
  /** 1-based line number where the row starts. */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 rows: fields may be double-quoted, with "" for a quote and line breaks inside
 * quotes. Blank lines are skipped. TSV files (the SMS Spam Collection) are read without quote
 * handling: their messages contain bare quotes that are text, not field delimiters.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t', path: string): DelimitedRow[] {
  if (delimiter === '\t') {
    return text
      .split(/\r?\n/)
      .map((l, i) => ({ line: i + 1, cells: l.split('\t') }))
      .filter((r) => r.cells.length > 1 || r.cells[0].trim() !== '');
  }
  const rows: DelimitedRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
    i++;
  }
  if (quoted)
    throw new DlError('FILE_CORRUPT', `a quoted field opened on line ${rowLine} never closes`, {
      path,
    });
  if (cell !== '' || cells.length) endRow();
  return rows;
}
