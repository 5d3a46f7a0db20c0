/**
 * SQL bench: execution accuracy of question → SQL on the demo schema (real Bedrock when AWS credentials are
 * present, else the local stand-in, whose accuracy says nothing about a model), the validator's catch
 * rate on deliberately broken model output (beside two baselines), the sample runner's safety limits and
 * overhead, and table selection on a 500-table schema. Writes bench/results/sql.json.
 *
 *   npm run bench:sql [-- --engine auto|local|bedrock] [--out bench/results/sql.json]
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createBedrockGateway } from '../../src/bedrock/gateway.js';
import { loadConfig } from '../../src/config.js';
import { startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { createLocalEngine } from '../../src/local/bedrock/local-engine.js';
import { extractSql } from '../../src/sql/generate/extract-sql.js';
import { generateSql } from '../../src/sql/generate/generate-sql.js';
import { createQueryRunner } from '../../src/sql/sample/run-query.js';
import { createSampleDatabase } from '../../src/sql/sample/sample-database.js';
import { DEFAULT_SELECTION, selectTables } from '../../src/sql/schema/select-tables.js';
import { demoSchema } from '../../src/sql/schema-repository.js';
import type { SchemaTable } from '../../src/sql/sql-schema.js';
import { validateSql } from '../../src/sql/validate/validate-sql.js';
import { naiveRegexAccepts, sqlitePrepareAccepts } from './baselines.js';
import { BROKEN } from './broken-outputs.js';
import { runInProcess, sameResult } from './compare.js';
import { GOLD } from './gold.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'auto' },
    out: { type: 'string', default: 'bench/results/sql.json' },
  },
});

// The bench is a script, not library code: it may look at the environment to pick real Bedrock.
const env = process.env;
const hasAwsCredentials = Boolean(
  env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
);
const engine = args.engine === 'auto' ? (hasAwsCredentials ? 'bedrock' : 'local') : args.engine;
if (engine !== 'local' && engine !== 'bedrock') throw new Error('--engine must be auto, local or bedrock');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0);
};
const ratio = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);

async function main(): Promise<void> {
  const config = loadConfig(env);
  const local =
    engine === 'local'
      ? await startLocalBedrock({ engine: createLocalEngine({ chunkDelayMs: 0 }) })
      : undefined;
  if (local) {
    env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = local.endpoint;
    env.AWS_ACCESS_KEY_ID = 'local';
    env.AWS_SECRET_ACCESS_KEY = 'local';
  }
  const gateway = createBedrockGateway({ region: config.aws.region, idleTimeoutMs: 120_000 });
  const schema = demoSchema('sqlite');
  const bytes = createSampleDatabase().bytes();
  const db = new Database(Buffer.from(bytes), { readonly: true });
  const runner = createQueryRunner({ timeoutMs: 10_000, maxRows: 100_000 });

  try {
    const accuracy = await executionAccuracy();
    const validator = validatorCatchRate();
    const safety = await executionSafety();
    const selection = tableSelection();
    const result = {
      bench: 'sql',
      date: new Date().toISOString(),
      machine: {
        cores: cpus().length,
        memoryGb: Math.round(totalmem() / 1e9),
        node: process.version,
        platform: process.platform,
      },
      engine: {
        kind: engine,
        model: config.sql.modelId,
        accuracyMeaningful: engine === 'bedrock',
        note:
          engine === 'local'
            ? "Local stand-in: a fixed list of demo questions with hand-written queries. Its accuracy is NOT a model's; run with AWS credentials for real Bedrock."
            : 'Amazon Bedrock ConverseStream through Strata’s gateway, temperature 0.',
      },
      inputs: {
        goldQuestions: GOLD.length,
        brokenOutputs: BROKEN.length,
        sampleRows: createSampleDatabase().counts(),
      },
      executionAccuracy: accuracy,
      validatorCatchRate: validator,
      executionSafety: safety,
      tableSelection: selection,
    };
    await writeFile(args.out ?? 'bench/results/sql.json', `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `${JSON.stringify({ engine, accuracy: accuracy.summary, validator: validator.summary, safety: safety.summary, selection: selection.summary }, null, 2)}\n`,
    );
  } finally {
    db.close();
    gateway.destroy();
    await local?.close();
  }

  async function executionAccuracy() {
    const perQuestion = [];
    for (const gold of GOLD) {
      const expected = runInProcess(db, gold.sql);
      const startedAt = performance.now();
      let row: {
        question: string;
        validated: boolean;
        attempts: number;
        correct: boolean;
        correctFirstTry: boolean;
        latencyMs: number;
        error?: string;
      };
      try {
        const generated = await generateSql(
          gateway,
          {
            question: gold.question,
            schema,
            allowWrites: false,
            modelId: config.sql.modelId,
            inference: { maxTokens: config.sql.maxTokens, temperature: 0 },
          },
          { append: () => {} },
        );
        const validated = generated.validation?.ok === true;
        let correct = false;
        let error: string | undefined;
        if (validated && generated.sql) {
          try {
            correct = sameResult((await runner.run(bytes, generated.sql)).rows, expected);
          } catch (runError) {
            error = runError instanceof Error ? runError.message : String(runError);
          }
        }
        row = {
          question: gold.question,
          validated,
          attempts: generated.attempts,
          correct,
          correctFirstTry: correct && generated.attempts === 1,
          latencyMs: Math.round(performance.now() - startedAt),
          ...(error ? { error } : {}),
        };
      } catch (generateError) {
        row = {
          question: gold.question,
          validated: false,
          attempts: 0,
          correct: false,
          correctFirstTry: false,
          latencyMs: Math.round(performance.now() - startedAt),
          error: String(generateError),
        };
      }
      perQuestion.push(row);
    }
    const n = perQuestion.length;
    return {
      summary: {
        executionAccuracy: ratio(perQuestion.filter((q) => q.correct).length, n),
        baselineWithoutCorrection: ratio(perQuestion.filter((q) => q.correctFirstTry).length, n),
        validatedRate: ratio(perQuestion.filter((q) => q.validated).length, n),
        correctedByRetry: perQuestion.filter((q) => q.attempts === 2 && q.validated).length,
        medianLatencyMs: median(perQuestion.map((q) => q.latencyMs)),
      },
      perQuestion,
    };
  }

  function validatorCatchRate() {
    const strata = (sql: string) =>
      validateSql(sql, { dialect: 'sqlite', schema: schema.schema, allowWrites: false }).ok;
    const checks = {
      strata,
      naiveRegex: naiveRegexAccepts,
      sqlitePrepare: (sql: string) => sqlitePrepareAccepts(db, sql),
    };
    const broken = BROKEN.map((b) => ({ ...b, sql: extractSql(b.reply).sql ?? '' }));
    const rates = Object.fromEntries(
      Object.entries(checks).map(([name, accepts]) => {
        const caught = broken.filter((b) => !accepts(b.sql));
        const falseRejects = GOLD.filter((g) => !accepts(g.sql));
        const byCategory: Record<string, string> = {};
        for (const category of new Set(broken.map((b) => b.category))) {
          const inCategory = broken.filter((b) => b.category === category);
          byCategory[category] = `${inCategory.filter((b) => !accepts(b.sql)).length}/${inCategory.length}`;
        }
        return [
          name,
          {
            catchRate: ratio(caught.length, broken.length),
            falseRejectRate: ratio(falseRejects.length, GOLD.length),
            byCategory,
          },
        ];
      }),
    );
    const missed = broken.filter((b) => strata(b.sql)).map((b) => b.sql);
    return {
      summary: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.catchRate])),
      rates,
      missedByStrata: missed,
    };
  }

  async function executionSafety() {
    const quick = createQueryRunner({ timeoutMs: 500, maxRows: 5000 });
    const runaway = 'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT COUNT(*) FROM r';
    const t0 = performance.now();
    const stopped = await quick.run(bytes, runaway).then(
      () => false,
      () => true,
    );
    const stoppedAfterMs = Math.round(performance.now() - t0);
    const capped = await quick.run(
      bytes,
      'WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r LIMIT 1000000) SELECT x FROM r',
    );
    const isolated: number[] = [];
    const inProcess: number[] = [];
    for (const gold of GOLD) {
      const a = performance.now();
      await runner.run(bytes, gold.sql);
      isolated.push(performance.now() - a);
      const b = performance.now();
      runInProcess(db, gold.sql);
      inProcess.push(performance.now() - b);
    }
    return {
      summary: {
        runawayStopped: stopped,
        stoppedAfterMs,
        timeoutMs: 500,
        rowCapRows: capped.rows.length,
        rowCapTruncated: capped.truncated,
      },
      overhead: {
        medianIsolatedMs: Math.round(median(isolated) * 10) / 10,
        baselineMedianInProcessMs: Math.round(median(inProcess) * 100) / 100,
        note: 'Each sample run starts a fresh, killable node process (no credentials in its env); the in-process baseline cannot be stopped mid-query.',
      },
    };
  }

  function tableSelection() {
    const filler: SchemaTable[] = Array.from({ length: 495 }, (_, i) => ({
      name: `archive_${['ledger', 'event', 'audit', 'session', 'metric'][i % 5]}_${i}`,
      kind: 'table',
      columnsKnown: true,
      columns: [
        { name: 'id', type: 'BIGINT', primaryKey: true },
        { name: `value_${i}`, type: 'TEXT' },
        { name: 'recorded_at', type: 'TIMESTAMP' },
      ],
    }));
    const big = { tables: [...filler.slice(0, 250), ...schema.schema.tables, ...filler.slice(250)] };
    const wholeChars = big.tables.reduce(
      (sum, t) => sum + 40 + t.columns.reduce((s, c) => s + c.name.length + c.type.length + 4, 0),
      0,
    );
    let recallHits = 0;
    let baselineHits = 0;
    let needed = 0;
    const sizes: number[] = [];
    for (const gold of GOLD) {
      const check = validateSql(gold.sql, { dialect: 'sqlite', schema: schema.schema, allowWrites: false });
      const wanted = check.ok ? check.tables : [];
      const chosen = selectTables(big, gold.question).tables.map((t) => t.name);
      const firstTwelve = big.tables.slice(0, DEFAULT_SELECTION.maxTables).map((t) => t.name);
      needed += wanted.length;
      recallHits += wanted.filter((t) => chosen.includes(t)).length;
      baselineHits += wanted.filter((t) => firstTwelve.includes(t)).length;
      sizes.push(chosen.length);
    }
    return {
      summary: {
        tableRecall: ratio(recallHits, needed),
        baselineFirstTablesRecall: ratio(baselineHits, needed),
        medianTablesSent: median(sizes),
      },
      schemaTables: big.tables.length,
      wholeSchemaPromptChars: wholeChars,
      budgetChars: DEFAULT_SELECTION.maxChars,
    };
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:sql failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
