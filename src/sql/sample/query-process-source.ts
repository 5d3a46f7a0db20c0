/**
 * The code of the query process, run as `node -e <source>`. Plain CommonJS on purpose: it needs no
 * TypeScript loader, so it runs the same under tsx, vitest and a bundle. It gets the database bytes and
 * the SQL over IPC, opens its own read-only copy, refuses statements SQLite says may write, stops
 * reading at the row cap, and answers once. It says `started` when the query begins, so start-up time on a
 * busy machine does not count against the query. The parent enforces the time limit by killing the process:
 * SQLite's loop cannot be interrupted from JavaScript, so a thread would keep burning CPU.
 */
export const QUERY_PROCESS_SOURCE = `
process.once('message', (request) => {
  const { modulePath, bytes, sql, maxRows, maxCellChars } = request;
  const cell = (value) => {
    if (typeof value === 'bigint') return value.toString();
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return '0x' + Buffer.from(value).toString('hex').slice(0, maxCellChars);
    if (typeof value === 'string' && value.length > maxCellChars) return value.slice(0, maxCellChars) + '…';
    return value;
  };
  let db;
  let reply;
  try {
    const Database = require(modulePath);
    db = new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { readonly: true });
    db.pragma('query_only = ON');
    process.send({ started: true });
    const statement = db.prepare(sql);
    if (!statement.reader || !statement.readonly) {
      reply = { ok: false, code: 'not_read_only', message: 'the statement is not a read-only query' };
    } else {
      statement.raw(true);
      const columns = statement.columns().map((c) => c.name);
      const rows = [];
      let truncated = false;
      for (const row of statement.iterate()) {
        if (rows.length >= maxRows) { truncated = true; break; }
        rows.push(row.map(cell));
      }
      reply = { ok: true, columns, rows, truncated };
    }
  } catch (error) {
    reply = { ok: false, code: String((error && error.code) || 'error'), message: String((error && error.message) || error) };
  } finally {
    if (db) db.close();
  }
  process.send(reply, () => process.exit(0));
});
`;
