import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Packages esbuild cannot bundle (they load `.node` binaries) or that must stay one shared copy with one
 * (apache-arrow objects cross into LanceDB). esbuild stops the synth on a `.node` file it meets, so a new
 * native dependency shows up as a synth error naming it: add it here.
 */
export const NATIVE_PACKAGES = [
  '@lancedb/lancedb',
  'better-sqlite3',
  'sharp',
  '@resvg/resvg-js',
  'apache-arrow',
] as const;

/** Install-time or type-only dependencies that are never loaded at run time. */
const NOT_NEEDED_AT_RUNTIME = new Set(['prebuild-install', 'node-gyp']);

/** Build leftovers and docs that a Lambda never reads (better-sqlite3 alone carries 25 MB of them). */
const PRUNED = [
  /\.(md|map|d\.ts|d\.mts|d\.cts|a|o)$/,
  /(^|\/)(obj|obj\.target|\.deps|deps|src|test|docs?)(\/|$)/,
];

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
}

/** Node's lookup: `<dir>/node_modules/<name>`, walking up from `fromDir` to `root`. */
function findPackageDir(name: string, fromDir: string, root: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * The installed packages `names` need at run time: dependencies, installed peer dependencies, and the
 * installed platform packages among optional dependencies (those declaring `os`/`cpu`, e.g. the
 * `@lancedb/lancedb-linux-x64-gnu` binary). Directories are relative to `root` (`node_modules/...`).
 */
export function runtimeClosure(names: readonly string[], root: string): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string, required: boolean) => {
    if (name.startsWith('@types/') || NOT_NEEDED_AT_RUNTIME.has(name)) return;
    const dir = findPackageDir(name, fromDir, root);
    if (dir === undefined) {
      if (required) throw new Error(`${name} is not installed under ${root}; run npm ci`);
      return;
    }
    const key = relative(root, dir).split(sep).join('/');
    if (found.has(key)) return;
    found.add(key);
    const pkg = readPackage(dir);
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, true);
    for (const dep of Object.keys(pkg.peerDependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
      const optionalDir = findPackageDir(dep, dir, root);
      if (optionalDir === undefined) continue;
      const optional = readPackage(optionalDir);
      if (optional.os !== undefined || optional.cpu !== undefined) visit(dep, dir, false);
    }
  };
  for (const name of names) visit(name, root, true);
  return [...found].sort();
}

/**
 * Packages among `dirs` whose binary is compiled against one Node.js ABI (a node-gyp build without
 * N-API, e.g. better-sqlite3): they only load under the Node major version they were installed with.
 */
export function abiBoundPackages(dirs: readonly string[], root: string): string[] {
  return dirs.filter((dir) => {
    const pkg = readPackage(join(root, dir)) as PackageJson & { napi?: unknown };
    const usesNapi = pkg.napi !== undefined || 'node-addon-api' in (pkg.dependencies ?? {});
    return existsSync(join(root, dir, 'binding.gyp')) && !usesNapi;
  });
}

/** The native packages a bundle file imports or resolves (ESM import, require, require.resolve). */
export function referencedPackages(
  bundle: string,
  candidates: readonly string[] = NATIVE_PACKAGES,
): string[] {
  return candidates.filter((name) => bundle.includes(`"${name}"`));
}

/** Copies the run-time closure of `names` from `root` into `outputDir/node_modules`, without docs and build leftovers. */
export function copyPackages(names: readonly string[], root: string, outputDir: string): string[] {
  const dirs = runtimeClosure(names, root);
  for (const dir of dirs) {
    const from = join(root, dir);
    cpSync(from, join(outputDir, dir), {
      recursive: true,
      dereference: true,
      filter: (source) => {
        const path = relative(from, source).split(sep).join('/');
        // Nested node_modules come with their parent; the closure lists them separately when needed.
        return path === '' || !(path.startsWith('node_modules') || PRUNED.some((p) => p.test(path)));
      },
    });
  }
  return dirs;
}

/**
 * For a function that never runs jobs (the ingress): a small package per native name whose module is
 * `stub` (loads fine, throws on use), so `require.resolve` and imports of them still succeed.
 */
export function writeStubPackages(names: readonly string[], stub: string, outputDir: string): void {
  for (const name of names) {
    const dir = join(outputDir, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name, version: '0.0.0-stub', main: 'index.js' })}\n`,
    );
    writeFileSync(join(dir, 'index.js'), readFileSync(stub, 'utf8'));
  }
}
