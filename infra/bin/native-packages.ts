import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  abiBoundPackages,
  copyPackages,
  NATIVE_PACKAGES,
  referencedPackages,
  writeStubPackages,
} from '../lib/native-packages.js';

/** The Node.js major version of the Lambda runtime (strata-function.ts FUNCTION_RUNTIME). */
const LAMBDA_NODE_MAJOR = 22;

/**
 * Run by the functions' esbuild `afterBundling` hook (see strata-function.ts):
 *   tsx infra/bin/native-packages.ts copy <outputDir>   the worker: ship the native packages it imports
 *   tsx infra/bin/native-packages.ts stub <outputDir>   the ingress: ship throwing stand-ins instead
 * The working directory is the repository root, whose node_modules holds the installed packages.
 */
const [mode, outputDir] = process.argv.slice(2);
if ((mode !== 'copy' && mode !== 'stub') || outputDir === undefined) {
  process.stderr.write('usage: native-packages.ts copy|stub <outputDir>\n');
  process.exit(2);
}
const root = process.cwd();
const used = referencedPackages(readFileSync(join(outputDir, 'index.mjs'), 'utf8'), NATIVE_PACKAGES);
if (mode === 'copy') {
  const copied = copyPackages(used, root, outputDir);
  process.stderr.write(`native packages: ${copied.join(', ') || 'none'}\n`);
  const localMajor = Number(process.versions.node.split('.')[0]);
  const bound = abiBoundPackages(copied, root);
  if (localMajor !== LAMBDA_NODE_MAJOR && bound.length > 0) {
    process.stderr.write(
      `WARNING: ${bound.join(', ')} ${bound.length > 1 ? 'were' : 'was'} built for Node.js ${localMajor} and will not ` +
        `load on Lambda's Node.js ${LAMBDA_NODE_MAJOR}. Synth with Node.js ${LAMBDA_NODE_MAJOR} (npm ci under it), ` +
        'or deploy strata:mode=socket, whose image installs its own binaries.\n',
    );
  }
} else {
  writeStubPackages(NATIVE_PACKAGES, join(root, 'infra/lambda/native-unavailable.cjs'), outputDir);
}
