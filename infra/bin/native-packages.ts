import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_NODE_MAJOR, NATIVE_STUB } from '../lib/bundle-options.js';
import { AbiMismatchError, binaryAbis, LAMBDA_NODE_ABI, rebuildForLambda } from '../lib/lambda-abi.js';
import {
  abiBoundPackages,
  copyPackages,
  NATIVE_PACKAGES,
  referencedPackages,
  writeStubPackages,
} from '../lib/native-packages.js';

/**
 * Run by the functions' esbuild `afterBundling` hook (see strata-function.ts):
 *   tsx infra/bin/native-packages.ts copy <outputDir>   the worker: ship the native packages it imports
 *   tsx infra/bin/native-packages.ts stub <outputDir>   the ingress: ship throwing stand-ins instead
 * The working directory is the repository root, whose node_modules holds the installed packages. A
 * package compiled for one Node.js ABI (better-sqlite3) ships rebuilt for Lambda's Node.js, or the synth
 * stops here: a worker that cannot load it must never be deployed.
 */
const [mode, outputDir] = process.argv.slice(2);
if ((mode !== 'copy' && mode !== 'stub') || outputDir === undefined) {
  process.stderr.write('usage: native-packages.ts copy|stub <outputDir>\n');
  process.exit(2);
}
const root = process.cwd();
const log = (line: string) => process.stderr.write(`native packages: ${line}\n`);
const used = referencedPackages(readFileSync(join(outputDir, 'index.mjs'), 'utf8'), NATIVE_PACKAGES);
if (mode === 'copy') {
  const copied = copyPackages(used, root, outputDir);
  log(copied.join(', ') || 'none');
  for (const dir of abiBoundPackages(copied, root)) {
    const shipped = join(outputDir, dir);
    if (binaryAbis(shipped).join() === String(LAMBDA_NODE_ABI)) continue;
    try {
      const rebuilt = rebuildForLambda({
        packageDir: join(root, dir),
        nodeMajor: LAMBDA_NODE_MAJOR,
        cacheDir: join(root, 'node_modules/.cache/strata-lambda-native'),
        log,
      });
      rmSync(join(shipped, 'build'), { recursive: true, force: true });
      const release = join(shipped, 'build/Release');
      mkdirSync(release, { recursive: true });
      for (const file of readdirSync(join(rebuilt, 'build/Release')).filter((f) => f.endsWith('.node'))) {
        copyFileSync(join(rebuilt, 'build/Release', file), join(release, file));
      }
    } catch (error) {
      if (!(error instanceof AbiMismatchError)) throw error;
      process.stderr.write(`ERROR: ${error.message}\n`);
      process.exit(1);
    }
    const abis = binaryAbis(shipped);
    if (abis.join() !== String(LAMBDA_NODE_ABI)) {
      process.stderr.write(
        `ERROR: ${dir} ships for ABI ${abis.join(', ')}, not Lambda's ${LAMBDA_NODE_ABI}\n`,
      );
      process.exit(1);
    }
    log(`${dir} rebuilt for Node.js ${LAMBDA_NODE_MAJOR} (ABI ${LAMBDA_NODE_ABI})`);
  }
} else {
  writeStubPackages(NATIVE_PACKAGES, join(root, NATIVE_STUB), outputDir);
}
