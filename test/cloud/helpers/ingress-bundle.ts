import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  BUNDLE_TARGET,
  NATIVE_STUB,
  REQUIRE_BANNER,
  stubAliases,
} from '../../../infra/lib/bundle-options.js';
import { writeStubPackages } from '../../../infra/lib/native-packages.js';
import type { IngressHandler } from '../../../src/cloud/lambda-ingress.js';

export interface IngressBundle {
  handler: IngressHandler;
  remove(): void;
}

/**
 * The ingress function as the stack deploys it: one esbuild bundle whose native packages are the throwing
 * stand-ins (infra/lib/strata-function.ts uses the same options). It lives under node_modules so the test
 * runner loads it with Node's own loader, untransformed.
 */
export async function buildIngressBundle(root: string): Promise<IngressBundle> {
  const dir = join(root, 'node_modules/.cache', `strata-ingress-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(root, 'src/cloud/lambda-ingress.ts')],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    alias: stubAliases(root),
    logLevel: 'error',
  });
  writeStubPackages(Object.keys(stubAliases(root)), join(root, NATIVE_STUB), dir);
  const module = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler: IngressHandler };
  return { handler: module.handler, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
