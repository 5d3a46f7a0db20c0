import { z } from 'zod';

/** The one reader of `process.env`. Parsed once at start-up; a bad value stops the process by name. */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = z.coerce.number().int().min(0).max(65_535);

/** STRATA_PRICES: USD per 1,000 tokens (and per image) by model id prefix; merged over the built-in table. */
const priceTable = z.record(
  z.string().min(1),
  z.strictObject({
    inputPer1k: z.number().min(0),
    outputPer1k: z.number().min(0),
    perImage: z.number().min(0).optional(),
  }),
);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const schema = z.object({
  PORT: port.default(3000),
  HOST: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^xox[bp]-/.test(v), {
    message: 'must be a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token starting with xapp-',
  }),
  SLACK_API_URL: optionalString.pipe(z.url().optional()),

  AWS_REGION: z.string().default('us-east-1'),
  BEDROCK_MODEL_ID: z.string().min(1).default('us.anthropic.claude-3-5-haiku-20241022-v1:0'),
  BEDROCK_MAX_TOKENS: z.coerce.number().int().min(1).max(64_000).default(1024),
  BEDROCK_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.5),
  STRATA_SYSTEM_PROMPT: z
    .string()
    .default(
      'You are Strata, a helpful assistant in a Slack workspace. Answer clearly and concisely. ' +
        'Use Markdown for structure and code.',
    ),
  STRATA_HISTORY_TURNS: z.coerce.number().int().min(0).max(200).default(20),
  STRATA_HISTORY_TOKEN_BUDGET: z.coerce.number().int().min(256).max(1_000_000).default(8000),
  STRATA_STREAM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),

  STRATA_STREAMING: z.enum(['update', 'native', 'auto']).default('update'),
  STRATA_TABLE_NAME: z.string().min(3).default('strata'),
  STRATA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
    .default('strata-blobs'),
  STRATA_EVENT_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  STRATA_WORK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  STRATA_QUEUE_URL: optionalString.pipe(z.url().optional()),
  STRATA_SLACK_SECRET_ARN: optionalString.refine(
    (v) => v === undefined || /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(v),
    { message: 'must be a Secrets Manager secret ARN' },
  ),
  STRATA_METRICS_NAMESPACE: z.string().min(1).max(255).default('Strata'),

  STRATA_ADMIN_USERS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'must be a comma-separated list of Slack user ids'))),
  STRATA_ADMIN_GROUP: optionalString.refine((v) => v === undefined || /^S[A-Z0-9]+$/.test(v), {
    message: 'must be a Slack user group id (S…)',
  }),
  STRATA_ADMIN_CHANNEL: optionalString.refine((v) => v === undefined || /^[CG][A-Z0-9]+$/.test(v), {
    message: 'must be a Slack channel id (C… or G…)',
  }),
  STRATA_KMS_KEY_ID: optionalString,
  STRATA_FINETUNE_ROLE_ARN: optionalString.refine(
    (v) => v === undefined || /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(v),
    { message: 'must be an IAM role ARN (arn:aws:iam::123456789012:role/…)' },
  ),
  STRATA_FINETUNE_POLL_MS: z.coerce.number().int().min(100).default(60_000),
  STRATA_FINETUNE_MAX_FILE_MB: z.coerce.number().int().min(1).max(1024).default(100),
  STRATA_PRICES: optionalString.transform((v, ctx) => {
    if (v === undefined) return {};
    const parsed = priceTable.safeParse(safeJson(v));
    if (parsed.success) return parsed.data;
    ctx.addIssue({
      code: 'custom',
      message: 'must be JSON like {"anthropic.claude-3-haiku":{"inputPer1k":0.00025,"outputPer1k":0.00125}}',
    });
    return z.NEVER;
  }),
  STRATA_USAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  STRATA_RESTRICT_CHANNELS: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  STRATA_BUDGET_USER_DAILY_TOKENS: z.coerce.number().int().min(1000).default(200_000),
  STRATA_BUDGET_USER_MONTHLY_TOKENS: z.coerce.number().int().min(1000).default(2_000_000),
  STRATA_BUDGET_CHANNEL_DAILY_TOKENS: z.coerce.number().int().min(1000).default(1_000_000),
  STRATA_BUDGET_CHANNEL_MONTHLY_TOKENS: z.coerce.number().int().min(1000).default(10_000_000),
  LOCAL_FINETUNE_JOB_MS: z.coerce.number().int().min(100).default(60_000),

  STRATA_AGENT_ID: optionalString.refine((v) => v === undefined || /^[0-9A-Z]{10}$/.test(v), {
    message: 'must be a Bedrock agent id (10 upper-case letters or digits)',
  }),
  STRATA_AGENT_ALIAS_ID: z
    .string()
    .regex(/^[0-9A-Z]{10}$/, 'must be a Bedrock agent alias id (10 upper-case letters or digits)')
    .default('TSTALIASID'),
  STRATA_AGENT_SESSION_IDLE_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  STRATA_AGENT_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  STRATA_ORDERS_TABLE_NAME: z.string().min(3).default('strata-orders'),

  STRATA_EMBEDDING_MODEL_ID: z.string().min(1).default('amazon.titan-embed-text-v2:0'),
  STRATA_EMBEDDING_DIMENSIONS: z.coerce
    .number()
    .pipe(z.union([z.literal(256), z.literal(512), z.literal(1024)], { message: 'must be 256, 512 or 1024' }))
    .default(1024),
  STRATA_EMBEDDING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
  STRATA_VECTOR_URI: optionalString,
  STRATA_VECTOR_ANN_MIN_ROWS: z.coerce.number().int().min(256).default(20_000),
  STRATA_RAG_TOP_K: z.coerce.number().int().min(1).max(30).default(8),
  STRATA_RAG_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.2),
  STRATA_RAG_MEMBERSHIP_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  STRATA_RAG_INDEX_BOTS: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  STRATA_HISTORY_PAGE_SIZE: z.coerce.number().int().min(1).max(999).default(999),
  STRATA_HISTORY_CALLS_PER_MINUTE: z.coerce.number().min(0.1).max(1000).default(50),
  STRATA_BACKFILL_RATE_SHARE: z.coerce.number().gt(0).max(1).default(0.5),

  STRATA_IMAGE_MODEL_ID: z.string().min(1).default('amazon.nova-canvas-v1:0'),
  STRATA_IMAGE_MAX_INPUT_MB: z.coerce.number().positive().max(100).default(20),

  STRATA_SQL_MODEL_ID: optionalString,
  STRATA_SQL_MAX_TOKENS: z.coerce.number().int().min(256).max(64_000).default(2048),
  STRATA_SQL_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(5000),
  STRATA_SQL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),

  STRATA_DATA_DIR: z.string().default('.data'),
  LOCAL_LLM_URL: optionalString.pipe(z.url().optional()),
  LOCAL_LLM_MODEL: z.string().default('llama3.2'),
  LOCAL_MODEL_CHUNK_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(25),
});

type Env = z.infer<typeof schema>;

/** Every variable Strata reads; the CDK stack's tests check that each variable it sets is one of these. */
export const configVariableNames: readonly string[] = Object.freeze(Object.keys(schema.shape));

export type Mode = 'local' | 'http' | 'socket';

export interface Config {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly slack: {
    readonly botToken: string | undefined;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
  };
  readonly aws: { readonly region: string };
  readonly chat: {
    readonly modelId: string;
    readonly maxTokens: number;
    readonly temperature: number;
    readonly systemPrompt: string;
    readonly historyTurns: number;
    readonly historyTokenBudget: number;
    readonly idleTimeoutMs: number;
    readonly streaming: 'update' | 'native' | 'auto';
  };
  readonly store: {
    readonly tableName: string;
    readonly bucket: string;
    readonly eventTtlSeconds: number;
  };
  readonly work: { readonly concurrency: number };
  /** The Lambda deployment (infra/): where jobs go, where the Slack credentials are, the EMF namespace. */
  readonly cloud: {
    readonly queueUrl: string | undefined;
    readonly slackSecretArn: string | undefined;
    readonly metricsNamespace: string;
  };
  /** Bedrock Agents: the default agent (channels may choose their own), session idle time, the orders table. */
  readonly agents: {
    readonly defaultAgent: { readonly agentId: string; readonly aliasId: string } | undefined;
    readonly sessionIdleSeconds: number;
    readonly idleTimeoutMs: number;
    readonly ordersTableName: string;
  };
  readonly admins: readonly string[];
  /** Admin tools: who else is an admin, where budget warnings go, fine-tuning, usage reporting. */
  readonly admin: {
    readonly group: string | undefined;
    readonly channel: string | undefined;
    readonly kmsKeyId: string | undefined;
    readonly finetuneRoleArn: string | undefined;
    readonly finetunePollMs: number;
    readonly finetuneMaxFileBytes: number;
    readonly prices: Readonly<
      Record<string, { inputPer1k: number; outputPer1k: number; perImage?: number | undefined }>
    >;
    readonly usageRetentionDays: number;
    /** Channel allow-list mode, and token budgets per day/month (admins override per user and channel). */
    readonly restrictChannels: boolean;
    readonly budgets: {
      readonly user: { readonly dailyTokens: number; readonly monthlyTokens: number };
      readonly channel: { readonly dailyTokens: number; readonly monthlyTokens: number };
    };
    /** Local mode: how long a local customization job runs. */
    readonly localJobMs: number;
  };
  /** Answers from channel history: embeddings, the vector index, retrieval and backfill pacing. */
  readonly rag: {
    readonly embeddingModelId: string;
    readonly dimensions: 256 | 512 | 1024;
    readonly embeddingConcurrency: number;
    /** A directory, or `s3://bucket/prefix` shared by workers. */
    readonly vectorUri: string;
    readonly annMinRows: number;
    readonly topK: number;
    readonly minScore: number;
    readonly membershipTtlSeconds: number;
    readonly indexBots: boolean;
    readonly historyPageSize: number;
    readonly historyCallsPerMinute: number;
    /** Share (0–1] of each Slack method's budget backfills may spend; interactive calls keep the rest. */
    readonly backfillRateShare: number;
  };
  /** Images: the default model for `/image` and edits, and the largest Slack file accepted as input. */
  readonly images: {
    readonly modelId: string;
    readonly maxInputBytes: number;
  };
  /** SQL from questions: the model (defaults to the chat model), reply budget, and the sample run's limits. */
  readonly sql: {
    readonly modelId: string;
    readonly maxTokens: number;
    readonly maxRows: number;
    readonly timeoutMs: number;
  };
  readonly local: {
    readonly dataDir: string;
    readonly llmUrl: string | undefined;
    readonly llmModel: string;
    readonly chunkDelayMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * For processes whose Slack credentials are not in their environment: the Lambda functions read them
 * from Secrets Manager at cold start. Same parse and defaults as a server started with them set.
 */
export function loadConfigWithSlackCredentials(
  credentials: { botToken: string; signingSecret: string },
  env: NodeJS.ProcessEnv = process.env,
): Config {
  return loadConfig({
    ...env,
    SLACK_BOT_TOKEN: credentials.botToken,
    SLACK_SIGNING_SECRET: credentials.signingSecret,
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const mode: Mode = e.SLACK_BOT_TOKEN === undefined ? 'local' : e.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'http' && e.SLACK_SIGNING_SECRET === undefined) {
    throw new ConfigError(['SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (HTTP Events API)']);
  }
  return Object.freeze({
    mode,
    port: e.PORT,
    // The playground has no login, so local mode stays on loopback unless HOST says otherwise.
    host: e.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0'),
    logLevel: e.LOG_LEVEL,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    aws: { region: e.AWS_REGION },
    chat: {
      modelId: e.BEDROCK_MODEL_ID,
      maxTokens: e.BEDROCK_MAX_TOKENS,
      temperature: e.BEDROCK_TEMPERATURE,
      systemPrompt: e.STRATA_SYSTEM_PROMPT,
      historyTurns: e.STRATA_HISTORY_TURNS,
      historyTokenBudget: e.STRATA_HISTORY_TOKEN_BUDGET,
      idleTimeoutMs: e.STRATA_STREAM_IDLE_TIMEOUT_MS,
      streaming: e.STRATA_STREAMING,
    },
    store: {
      tableName: e.STRATA_TABLE_NAME,
      bucket: e.STRATA_BUCKET,
      eventTtlSeconds: e.STRATA_EVENT_TTL_SECONDS,
    },
    work: { concurrency: e.STRATA_WORK_CONCURRENCY },
    cloud: {
      queueUrl: e.STRATA_QUEUE_URL,
      slackSecretArn: e.STRATA_SLACK_SECRET_ARN,
      metricsNamespace: e.STRATA_METRICS_NAMESPACE,
    },
    agents: {
      defaultAgent: e.STRATA_AGENT_ID
        ? { agentId: e.STRATA_AGENT_ID, aliasId: e.STRATA_AGENT_ALIAS_ID }
        : undefined,
      sessionIdleSeconds: e.STRATA_AGENT_SESSION_IDLE_SECONDS,
      idleTimeoutMs: e.STRATA_AGENT_IDLE_TIMEOUT_MS,
      ordersTableName: e.STRATA_ORDERS_TABLE_NAME,
    },
    admins: e.STRATA_ADMIN_USERS,
    admin: {
      // Local mode: the Slack emulator's seeded @strata-admins group, so the playground has an admin.
      group: e.STRATA_ADMIN_GROUP ?? (mode === 'local' ? 'S0ADMINS' : undefined),
      channel: e.STRATA_ADMIN_CHANNEL,
      kmsKeyId: e.STRATA_KMS_KEY_ID,
      // Local mode needs no IAM: the local Bedrock accepts any well-formed role.
      finetuneRoleArn:
        e.STRATA_FINETUNE_ROLE_ARN ??
        (mode === 'local' ? 'arn:aws:iam::123456789012:role/StrataLocalCustomization' : undefined),
      finetunePollMs: e.STRATA_FINETUNE_POLL_MS,
      finetuneMaxFileBytes: e.STRATA_FINETUNE_MAX_FILE_MB * 1_048_576,
      prices: e.STRATA_PRICES,
      usageRetentionDays: e.STRATA_USAGE_RETENTION_DAYS,
      restrictChannels: e.STRATA_RESTRICT_CHANNELS,
      budgets: {
        user: {
          dailyTokens: e.STRATA_BUDGET_USER_DAILY_TOKENS,
          monthlyTokens: e.STRATA_BUDGET_USER_MONTHLY_TOKENS,
        },
        channel: {
          dailyTokens: e.STRATA_BUDGET_CHANNEL_DAILY_TOKENS,
          monthlyTokens: e.STRATA_BUDGET_CHANNEL_MONTHLY_TOKENS,
        },
      },
      localJobMs: e.LOCAL_FINETUNE_JOB_MS,
    },
    rag: {
      embeddingModelId: e.STRATA_EMBEDDING_MODEL_ID,
      dimensions: e.STRATA_EMBEDDING_DIMENSIONS,
      embeddingConcurrency: e.STRATA_EMBEDDING_CONCURRENCY,
      vectorUri: e.STRATA_VECTOR_URI ?? `${e.STRATA_DATA_DIR.replace(/\/+$/, '')}/vectors`,
      annMinRows: e.STRATA_VECTOR_ANN_MIN_ROWS,
      topK: e.STRATA_RAG_TOP_K,
      minScore: e.STRATA_RAG_MIN_SCORE,
      membershipTtlSeconds: e.STRATA_RAG_MEMBERSHIP_TTL_SECONDS,
      indexBots: e.STRATA_RAG_INDEX_BOTS,
      historyPageSize: e.STRATA_HISTORY_PAGE_SIZE,
      historyCallsPerMinute: e.STRATA_HISTORY_CALLS_PER_MINUTE,
      backfillRateShare: e.STRATA_BACKFILL_RATE_SHARE,
    },
    images: {
      modelId: e.STRATA_IMAGE_MODEL_ID,
      maxInputBytes: Math.round(e.STRATA_IMAGE_MAX_INPUT_MB * 1_048_576),
    },
    sql: {
      modelId: e.STRATA_SQL_MODEL_ID ?? e.BEDROCK_MODEL_ID,
      maxTokens: e.STRATA_SQL_MAX_TOKENS,
      maxRows: e.STRATA_SQL_MAX_ROWS,
      timeoutMs: e.STRATA_SQL_TIMEOUT_MS,
    },
    local: {
      dataDir: e.STRATA_DATA_DIR,
      llmUrl: e.LOCAL_LLM_URL,
      llmModel: e.LOCAL_LLM_MODEL,
      chunkDelayMs: e.LOCAL_MODEL_CHUNK_DELAY_MS,
    },
  });
}
