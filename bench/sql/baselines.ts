import type Database from 'better-sqlite3';

/** The check many bots ship: "starts with SELECT and has no second statement". */
export function naiveRegexAccepts(sql: string): boolean {
  return /^\s*(select|with)\b/i.test(sql) && !/;\s*\S/.test(sql);
}

/** Asking SQLite itself: does the statement prepare against the real sample schema, and is it read-only? */
export function sqlitePrepareAccepts(db: Database.Database, sql: string): boolean {
  try {
    return db.prepare(sql).readonly;
  } catch {
    return false;
  }
}
