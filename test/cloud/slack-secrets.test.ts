import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSecretsManagerClient,
  createSlackSecretsSource,
  parseSlackSecrets,
} from '../../src/cloud/slack-secrets.js';
import { StrataError } from '../../src/errors.js';
import { type FakeSecretsManager, startFakeSecretsManager } from './helpers/fake-secrets-manager.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:strata/slack-AbCdEf';
const VALID = JSON.stringify({ botToken: 'xoxb-1-abc', signingSecret: 'shh-signing' });

let secretsManager: FakeSecretsManager;

beforeAll(async () => {
  secretsManager = await startFakeSecretsManager();
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secretsManager.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
});
afterAll(async () => {
  await secretsManager?.close();
});

const source = (secretId = ARN) =>
  createSlackSecretsSource({ client: createSecretsManagerClient({ region: 'us-east-1' }), secretId });

const reads = () => secretsManager.calls.filter((c) => c.operation === 'GetSecretValue').length;

describe('Slack secrets from Secrets Manager', () => {
  it('reads the tokens once per cold start and serves them from memory afterwards', async () => {
    secretsManager.put(ARN, VALID);
    const secrets = source();
    const before = reads();

    const [first, second] = await Promise.all([secrets.get(), secrets.get()]);
    const third = await secrets.get();

    expect(first).toEqual({ botToken: 'xoxb-1-abc', signingSecret: 'shh-signing' });
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(reads() - before).toBe(1);
    expect(secretsManager.calls.at(-1)?.input).toEqual({ SecretId: ARN });
  });

  it('tries again on the next call after a failed read instead of caching the failure', async () => {
    const arn = `${ARN}-late`;
    const secrets = source(arn);
    await expect(secrets.get()).rejects.toMatchObject({ retryable: true });

    secretsManager.put(arn, VALID);
    await expect(secrets.get()).resolves.toMatchObject({ botToken: 'xoxb-1-abc' });
  });

  it('names what is wrong with a placeholder secret without echoing its values', async () => {
    const arn = `${ARN}-placeholder`;
    secretsManager.put(arn, JSON.stringify({ botToken: 'not-a-token-hunter2', placeholder: 'x' }));

    const error = await source(arn)
      .get()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StrataError);
    expect((error as Error).message).toMatch(/botToken: must be a bot token starting with xoxb-/);
    expect((error as Error).message).toMatch(/signingSecret/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it.each([
    [undefined, /has no SecretString value/],
    ['   ', /has no SecretString value/],
    ['xoxb-raw-token', /not a JSON object/],
  ])('rejects the secret text %j with a message saying how to fix it', (text, message) => {
    expect(() => parseSlackSecrets(text, ARN)).toThrow(message);
  });

  it('accepts an app-level token for Socket Mode', () => {
    const secrets = parseSlackSecrets(
      JSON.stringify({ botToken: 'xoxb-1', signingSecret: 's', appToken: 'xapp-1' }),
      ARN,
    );
    expect(secrets.appToken).toBe('xapp-1');
  });
});
