import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { StrataError } from '../errors.js';
import { once } from './once.js';

/**
 * The Slack credentials as stored in one Secrets Manager secret (a JSON object). Operators write it once
 * after deploying: `{"botToken":"xoxb-…","signingSecret":"…"}`; `appToken` only for Socket Mode.
 */
export const slackSecretsSchema = z.object({
  botToken: z.string().regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-'),
  signingSecret: z.string().min(1, 'must not be empty'),
  appToken: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
    .optional(),
});

export type SlackSecrets = z.infer<typeof slackSecretsSchema>;

export interface SlackSecretsSource {
  /** The secret, read once per cold start and cached; a failed read is retried on the next call. */
  get(): Promise<SlackSecrets>;
}

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_SECRETS_MANAGER when set. */
export function createSecretsManagerClient(options: { region: string }): SecretsManagerClient {
  return new SecretsManagerClient({ region: options.region });
}

export function createSlackSecretsSource(options: {
  client: SecretsManagerClient;
  /** Name or ARN of the secret. */
  secretId: string;
}): SlackSecretsSource {
  const read = async (): Promise<SlackSecrets> => {
    let text: string | undefined;
    try {
      const output = await options.client.send(new GetSecretValueCommand({ SecretId: options.secretId }));
      text = output.SecretString;
    } catch (error) {
      throw new StrataError('internal', `could not read Slack secret ${options.secretId}`, {
        cause: error,
        retryable: true,
      });
    }
    return parseSlackSecrets(text, options.secretId);
  };

  return { get: once(read) };
}

/** Names the bad field (never its value) so an operator can fix the secret. */
export function parseSlackSecrets(text: string | undefined, secretId: string): SlackSecrets {
  const fail = (problem: string) =>
    new StrataError('internal', `Slack secret ${secretId} ${problem}`, { retryable: false });
  if (text === undefined || text.trim() === '') throw fail('has no SecretString value yet');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail('is not a JSON object like {"botToken":"xoxb-…","signingSecret":"…"}');
  }
  const parsed = slackSecretsSchema.safeParse(json);
  if (!parsed.success) {
    throw fail(parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}
