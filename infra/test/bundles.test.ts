import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, type Synthesized, synth } from './synth.js';

/**
 * The one real synth of the suite: esbuild bundles every function locally (never Docker) and CDK's
 * CloudFormation validation runs over the template, as `npm run synth` does.
 */
let s: Synthesized;
let outdir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'strata-cdk-'));
  s = synth({}, { bundle: true, outdir });
}, 300_000);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/** Each function's bundle directory in the cloud assembly, by the function's logical id. */
function bundles(): Array<{ id: string; handler: string; dir: string }> {
  const manifest = JSON.parse(readFileSync(join(outdir, 'Strata.assets.json'), 'utf8')) as {
    files: Record<string, { source: { path: string } }>;
  };
  return resourcesOf(s.template, 'AWS::Lambda::Function')
    .filter(([, fn]) => (fn.Runtime as string).startsWith('nodejs'))
    .map(([id, fn]) => {
      const key = String((fn.Code as { S3Key: unknown }).S3Key).replace(/\.zip$/, '');
      const asset = manifest.files[key];
      if (!asset) throw new Error(`no asset for ${id}`);
      return { id, handler: String(fn.Handler), dir: join(outdir, asset.source.path) };
    });
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

describe('the Lambda bundles', () => {
  it('are built locally with esbuild into one ESM file each, within Lambda’s 250 MiB unzipped limit', () => {
    const built = bundles();
    expect(built.map((b) => b.id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'EcommerceAgentActionordersFunction',
      'IngressFunction',
      'IngressWorkerFunction',
    ]);
    for (const bundle of built) {
      expect(
        readdirSync(bundle.dir)
          .filter((f) => f.startsWith('index.'))
          .sort(),
        bundle.id,
      ).toEqual(['index.mjs', 'index.mjs.map']);
      const bytes = statSync(join(bundle.dir, 'index.mjs')).size;
      expect(bytes, bundle.id).toBeGreaterThan(100_000);
      expect(bytes, bundle.id).toBeLessThan(15 * 1024 * 1024);
      expect(directoryBytes(bundle.dir), bundle.id).toBeLessThan(250 * 1024 * 1024);
      expect(bundle.handler).toBe('index.handler');
    }
  });

  it('ship the native packages with the worker only; the ingress gets small throwing stand-ins', () => {
    const [ingress, worker] = ['IngressFunction', 'IngressWorkerFunction'].map((name) =>
      bundles().find((b) => b.id.startsWith(name) && !b.id.startsWith(`${name}Worker`)),
    );
    const lance = (dir: string) => join(dir, 'node_modules/@lancedb/lancedb/package.json');
    expect(JSON.parse(readFileSync(lance(worker?.dir ?? ''), 'utf8')).version).not.toBe('0.0.0-stub');
    expect(readdirSync(join(worker?.dir ?? '', 'node_modules/@lancedb'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^lancedb-(linux|darwin|win32)-/)]),
    );
    expect(JSON.parse(readFileSync(lance(ingress?.dir ?? ''), 'utf8')).version).toBe('0.0.0-stub');
    expect(directoryBytes(ingress?.dir ?? '')).toBeLessThan(40 * 1024 * 1024);
  });

  it('load in plain Node and export the handler Lambda calls', () => {
    for (const bundle of bundles()) {
      const url = pathToFileURL(join(bundle.dir, 'index.mjs')).href;
      const exported = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`,
        ],
        { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, cwd: bundle.dir },
      );
      expect(exported.trim(), bundle.id).toBe('function');
    }
  });

  it('synthesize a template that passes CloudFormation validation and cdk-nag', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string; conclusion: string; violations: unknown[] }>;
    };
    expect(report.pluginReports.map((r) => [r.pluginName, r.conclusion, r.violations.length])).toEqual([
      ['CloudFormation Validate', 'success', 0],
    ]);
    expect(s.findings).toEqual([]);
  });
});
