import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';

/** `--name value` from the command line, or the default. */
export function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? Number.NaN) * 10) / 10;
}

export function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  };
}

/** Writes bench/results/<name>.json. */
export async function writeResult(name: string, result: object): Promise<string> {
  await mkdir('bench/results', { recursive: true });
  const path = `bench/results/${name}.json`;
  await writeFile(
    path,
    `${JSON.stringify({ bench: name, at: new Date().toISOString(), ...result }, null, 2)}\n`,
  );
  return path;
}
