import { z } from 'zod';

/** The one reader of `process.env`. Parsed once at start-up; a bad value stops the process by name. */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = z.coerce.number().int().min(0).max(65_535);

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

  STRATA_DATA_DIR: z.string().default('.data'),
  LOCAL_LLM_URL: optionalString.pipe(z.url().optional()),
  LOCAL_LLM_MODEL: z.string().default('llama3.2'),
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
  readonly admins: readonly string[];
  readonly local: {
    readonly dataDir: string;
    readonly llmUrl: string | undefined;
    readonly llmModel: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
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
    admins: e.STRATA_ADMIN_USERS,
    local: { dataDir: e.STRATA_DATA_DIR, llmUrl: e.LOCAL_LLM_URL, llmModel: e.LOCAL_LLM_MODEL },
  });
}
