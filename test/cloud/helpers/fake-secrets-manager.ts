import { AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.js';

export interface FakeSecretsManager extends AwsJsonServer {
  /** Sets (or replaces) a secret's SecretString; undefined stores a secret with no value yet. */
  put(arn: string, value: string | undefined): void;
}

/** Secrets Manager over its JSON protocol (secretsmanager.GetSecretValue). */
export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, string | undefined>();
  const server = await startAwsJsonServer({
    GetSecretValue(input) {
      const id = String(input.SecretId);
      if (!secrets.has(id)) {
        throw new AwsJsonError(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        );
      }
      const value = secrets.get(id);
      if (value === undefined) {
        throw new AwsJsonError(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        );
      }
      return { ARN: id, Name: id.split(':').at(-1), SecretString: value, VersionId: 'v1' };
    },
  });
  return {
    ...server,
    put(arn, value) {
      secrets.set(arn, value);
    },
  };
}
