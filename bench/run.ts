/** Runs every `bench:<name>` script in package.json, one after another (each writes bench/results/<name>.json). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = Object.keys(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts,
).filter((name) => name.startsWith('bench:'));
const extra = process.argv.slice(2);
let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n== ${script}\n`);
  const run = spawnSync('npm', ['run', script, '--', ...extra], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
