/** Functions that write, sleep, or reach outside the database: never allowed in a generated query. */
const sideEffects = new Map<string, string>([
  ['nextval', 'advances a sequence'],
  ['setval', 'changes a sequence'],
  ['lo_create', 'creates a large object'],
  ['lo_unlink', 'deletes a large object'],
  ['lo_import', 'reads a server file'],
  ['lo_export', 'writes a server file'],
  ['pg_read_file', 'reads a server file'],
  ['pg_read_binary_file', 'reads a server file'],
  ['pg_ls_dir', 'lists server directories'],
  ['pg_stat_file', 'reads server file metadata'],
  ['pg_sleep', 'sleeps'],
  ['pg_sleep_for', 'sleeps'],
  ['pg_sleep_until', 'sleeps'],
  ['pg_terminate_backend', 'ends other sessions'],
  ['pg_cancel_backend', 'cancels other queries'],
  ['pg_reload_conf', 'reloads server configuration'],
  ['pg_advisory_lock', 'takes a lock'],
  ['pg_advisory_xact_lock', 'takes a lock'],
  ['set_config', 'changes settings'],
  ['query_to_xml', 'runs SQL from a string'],
  ['query_to_json', 'runs SQL from a string'],
  ['dblink', 'connects to another database'],
  ['dblink_exec', 'runs SQL on another database'],
  ['sleep', 'sleeps'],
  ['benchmark', 'burns CPU'],
  ['load_file', 'reads a server file'],
  ['sys_exec', 'runs a shell command'],
  ['sys_eval', 'runs a shell command'],
  ['xp_cmdshell', 'runs a shell command'],
  ['load_extension', 'loads native code'],
  ['readfile', 'reads a file'],
  ['writefile', 'writes a file'],
  ['fts3_tokenizer', 'can load native code'],
]);

/** Why a function is refused, or undefined when it is fine. */
export function forbiddenFunction(name: string): string | undefined {
  return sideEffects.get(name.toLowerCase());
}
