/** The SQL dialects a channel can choose; each maps to a node-sql-parser grammar. */
export const DIALECTS = {
  postgresql: { label: 'PostgreSQL', parser: 'postgresql' },
  mysql: { label: 'MySQL', parser: 'mysql' },
  sqlite: { label: 'SQLite', parser: 'sqlite' },
  redshift: { label: 'Amazon Redshift', parser: 'redshift' },
  athena: { label: 'Amazon Athena', parser: 'athena' },
  trino: { label: 'Trino', parser: 'trino' },
  snowflake: { label: 'Snowflake', parser: 'snowflake' },
} as const;

export type Dialect = keyof typeof DIALECTS;

export const DEFAULT_DIALECT: Dialect = 'postgresql';

const aliases: Record<string, Dialect> = {
  postgres: 'postgresql',
  pg: 'postgresql',
  psql: 'postgresql',
  sqlite3: 'sqlite',
  presto: 'trino',
  // node-sql-parser's MariaDB grammar rejects common column names (`status`); MySQL's covers MariaDB.
  mariadb: 'mysql',
};

/** The dialect a person typed (`postgres`, `MySQL`, `sqlite3` …), or undefined. */
export function parseDialect(text: string): Dialect | undefined {
  const key = text.trim().toLowerCase();
  if (key in DIALECTS) return key as Dialect;
  return aliases[key];
}

export function dialectLabel(dialect: Dialect): string {
  return DIALECTS[dialect].label;
}

export function dialectNames(): string {
  return Object.keys(DIALECTS)
    .map((name) => `\`${name}\``)
    .join(', ');
}
