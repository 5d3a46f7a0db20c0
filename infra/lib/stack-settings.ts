import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { DEFAULT_BEDROCK_DATA_EVENT_TYPES } from './audit-trail.js';

/**
 * Every deployment parameter, read from CDK context (`cdk.json`, or `-c strata:<name>=<value>` on the
 * command line). Validated with zod so a typo fails the synth with the parameter's name.
 */
const flag = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() === 'true' : v),
  z.boolean(),
);
const count = z.coerce.number().int();
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().min(1)),
);

const jsonObject = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  },
  z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name'), z.string()),
);

export const settingsSchema = z.object({
  mode: z.enum(['lambda', 'socket']).default('lambda'),
  vpc: flag.default(true),
  natGateways: count.min(1).max(3).default(1),
  maxAzs: count.min(2).max(3).default(2),
  chatModel: z.string().min(1).default('us.anthropic.claude-3-5-haiku-20241022-v1:0'),
  embeddingModel: z.string().min(1).default('amazon.titan-embed-text-v2:0'),
  imageModel: z.string().min(1).default('amazon.nova-canvas-v1:0'),
  extraModels: list.default([]),
  customizationBaseModels: list.default([
    'amazon.titan-text-express-v1',
    'anthropic.claude-3-haiku-20240307-v1:0',
  ]),
  agent: flag.default(true),
  agentModel: z.string().min(1).optional(),
  /** Further agent aliases `/agent use` may switch a channel to (full agent-alias ARNs). */
  extraAgentAliasArns: list
    .pipe(
      z.array(
        z
          .string()
          .regex(/^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:agent-alias\/[0-9A-Z]{10}\/[0-9A-Z]{10}$/),
      ),
    )
    .default([]),
  customModelInvoke: flag.default(true),
  invocationLogging: z.enum(['off', 'cloudwatch', 's3', 'both']).default('off'),
  auditTrail: flag.default(false),
  bedrockDataEvents: list.default([...DEFAULT_BEDROCK_DATA_EVENT_TYPES]),
  alarmEmail: z.email().optional(),
  slackSecretArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      'must be a Secrets Manager secret ARN',
    )
    .optional(),
  admins: list.default([]),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  logRetentionDays: count
    .refine((days) => (Object.values(RetentionDays) as unknown[]).includes(days), {
      message: 'must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …',
    })
    .default(30),
  imageRetentionDays: count.min(1).default(30),
  retainData: flag.default(true),
  workerTimeoutSeconds: count.min(30).max(900).default(300),
  workerMemoryMb: count.min(256).max(10_240).default(1024),
  workerBatchSize: count.min(1).max(10).default(5),
  workerMaxConcurrency: count.min(2).max(1000).default(20),
  maxReceiveCount: count.min(1).max(10).default(3),
  apiRateLimit: count.min(1).default(50),
  apiBurstLimit: count.min(1).default(100),
  socketTasks: count.min(1).max(10).default(1),
  metricsNamespace: z.string().min(1).default('Strata'),
  /** Further Strata settings for the functions and tasks, e.g. {"STRATA_ADMIN_GROUP":"S0123"}; no secrets. */
  environment: jsonObject.default({}),
});

export type StrataSettings = z.infer<typeof settingsSchema>;

export class SettingsError extends Error {}

/** Reads `strata:<name>` for every setting through `lookup` (e.g. `(k) => app.node.tryGetContext(k)`). */
export function readSettings(lookup: (key: string) => unknown): StrataSettings {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(settingsSchema.shape)) {
    const value = lookup(`strata:${name}`);
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SettingsError(
      `Invalid Strata deployment settings:\n${parsed.error.issues
        .map((i) => `  - strata:${i.path.join('.')}: ${i.message}`)
        .join('\n')}`,
    );
  }
  return parsed.data;
}
