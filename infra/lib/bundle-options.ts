import { join } from 'node:path';
import { NATIVE_PACKAGES } from './native-packages.js';

/** The Node.js major version of the functions' Lambda runtime (FUNCTION_RUNTIME in strata-function.ts). */
export const LAMBDA_NODE_MAJOR = 22;

/** esbuild's target for that runtime. */
export const BUNDLE_TARGET = `node${LAMBDA_NODE_MAJOR}`;

/** The module that stands in for every native package in functions that run no jobs (the ingress). */
export const NATIVE_STUB = 'infra/lambda/native-unavailable.cjs';

/** Bundled CommonJS dependencies (Bolt, pino) still call require(). */
export const REQUIRE_BANNER =
  "import{createRequire as __strataRequire}from'node:module';const require=__strataRequire(import.meta.url);";

/** esbuild aliases that replace each native package with the stand-in, for a repository at `root`. */
export function stubAliases(root: string): Record<string, string> {
  return Object.fromEntries(NATIVE_PACKAGES.map((name) => [name, join(root, NATIVE_STUB)]));
}
