import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  abiBoundPackages,
  copyPackages,
  referencedPackages,
  runtimeClosure,
  writeStubPackages,
} from '../lib/native-packages.js';
import { REPO_ROOT } from '../lib/strata-function.js';

const root = REPO_ROOT.replace(/\/$/, '');
const scratch = mkdtempSync(join(tmpdir(), 'strata-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('native packages for the Lambda bundles', () => {
  it('finds what a native package needs at run time, and not its install-time tools', () => {
    expect(runtimeClosure(['better-sqlite3'], root)).toEqual([
      'node_modules/better-sqlite3',
      'node_modules/bindings',
      'node_modules/file-uri-to-path',
    ]);
  });

  it('takes the installed platform binaries among optional dependencies, but no optional extras', () => {
    const lance = runtimeClosure(['@lancedb/lancedb'], root);
    expect(lance.filter((d) => d.startsWith('node_modules/@lancedb/lancedb-'))).toEqual([
      expect.stringMatching(/^node_modules\/@lancedb\/lancedb-(linux|darwin|win32)-/),
    ]);
    expect(lance).toContain('node_modules/apache-arrow');
    expect(lance).not.toContain('node_modules/openai');
    expect(
      runtimeClosure(['sharp'], root).some((d) => /^node_modules\/@img\/sharp-(linux|darwin|win32)/.test(d)),
    ).toBe(true);
  });

  it('names only the native packages a bundle actually references', () => {
    const bundle = 'import a from"sharp";const p=require.resolve("better-sqlite3");import"node:fs";';
    expect(referencedPackages(bundle)).toEqual(['better-sqlite3', 'sharp']);
  });

  it('copies a package without its sources and build leftovers', () => {
    const out = join(scratch, 'copy');
    copyPackages(['better-sqlite3'], root, out);
    const entries = readdirSync(join(out, 'node_modules/better-sqlite3')).sort();
    expect(entries).toEqual(['LICENSE', 'binding.gyp', 'build', 'lib', 'package.json']);
    expect(readdirSync(join(out, 'node_modules/better-sqlite3/build/Release'))).toContain(
      'better_sqlite3.node',
    );
  });

  it('flags packages whose binary only loads under the Node version it was built with', () => {
    expect(
      abiBoundPackages(
        ['node_modules/better-sqlite3', 'node_modules/@lancedb/lancedb', 'node_modules/sharp'],
        root,
      ),
    ).toEqual(['node_modules/better-sqlite3']);
  });

  it('gives a function that runs no jobs stand-ins that load, resolve and throw a clear error when used', async () => {
    const out = join(scratch, 'stub');
    writeStubPackages(['sharp'], join(root, 'infra/lambda/native-unavailable.cjs'), out);
    const { createRequire } = await import('node:module');
    const load = createRequire(join(out, 'index.mjs'));
    expect(load.resolve('sharp')).toBe(join(out, 'node_modules/sharp/index.js'));
    const sharp = load('sharp') as (input: string) => unknown;
    expect(() => sharp('x.png')).toThrow(/not bundled into the Strata ingress.*queued job/);
  });
});
