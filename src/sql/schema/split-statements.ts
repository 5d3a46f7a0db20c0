/** One statement of a SQL script, with where it starts in the script (for error positions). */
export interface ScriptStatement {
  text: string;
  /** 1-based line and column of the statement's first character in the script. */
  line: number;
  column: number;
}

/**
 * Splits a SQL script on `;` outside strings, quoted identifiers, comments and dollar quotes.
 * Comment-only and empty pieces are dropped.
 */
export function splitStatements(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const piece = script.slice(start, end);
    const lead = piece.length - piece.trimStart().length;
    const text = piece.trim();
    if (text !== '' && stripComments(text).trim() !== '') {
      statements.push({ text, ...position(script, start + lead) });
    }
  };
  while (i < script.length) {
    const ch = script[i];
    const next = script[i + 1];
    if (ch === '-' && next === '-') {
      i = indexOrEnd(script, '\n', i + 2);
    } else if (ch === '/' && next === '*') {
      i = indexOrEnd(script, '*/', i + 2) + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      i = closingQuote(script, i, ch);
    } else if (ch === '[') {
      i = indexOrEnd(script, ']', i + 1) + 1;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      i = tag ? indexOrEnd(script, tag, i + tag.length) + tag.length : i + 1;
    } else if (ch === ';') {
      push(i);
      i += 1;
      start = i;
    } else {
      i += 1;
    }
  }
  push(script.length);
  return statements;
}

/** 1-based line and column of an offset. */
export function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

function indexOrEnd(text: string, token: string, from: number): number {
  const at = text.indexOf(token, from);
  return at === -1 ? text.length : at;
}

/** Index after the closing quote; a doubled quote is an escaped one. */
function closingQuote(text: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return text.length;
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}
