'use strict';
// Stands in for native packages (LanceDB, SQLite, sharp, resvg) in the Strata ingress function. The ingress
// only verifies, acks and enqueues; jobs that need these packages run in the worker, which ships them.
// Loading this module is harmless; using it emits a process warning (seen in the function's log even when a
// caller catches the error) and throws a message that names the fix.
const MESSAGE =
  'This native package is not bundled into the Strata ingress function: do this work in a queued job (the worker has it).';
const WARNING_CODE = 'STRATA_NATIVE_UNAVAILABLE';
function unavailable() {
  process.emitWarning(MESSAGE, { code: WARNING_CODE });
  throw new Error(MESSAGE);
}
module.exports = new Proxy(unavailable, {
  apply: unavailable,
  construct: unavailable,
  get(target, property) {
    if (property === '__esModule') return false;
    if (property === 'default') return module.exports;
    if (typeof property === 'symbol' || property in target) return target[property];
    return module.exports;
  },
});
