import { type Config, ConfigError, loadConfig, loadConfigWithSlackCredentials } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import {
  createSecretsManagerClient,
  createSlackSecretsSource,
  type SlackSecrets,
  type SlackSecretsSource,
} from './slack-secrets.js';

/** What both Lambda functions build once per cold start from their environment. */
export interface CloudRuntime {
  /** Known before the Slack credentials: log level, region, the secret's ARN, the queue URL. */
  config: Config;
  logger: Logger;
  secrets: SlackSecretsSource;
  /** The full configuration once the credentials are read: HTTP mode, with production defaults. */
  withSlack(credentials: SlackSecrets): Config;
}

export function loadCloudRuntime(): CloudRuntime {
  const config = loadConfig();
  const secretArn = config.cloud.slackSecretArn;
  if (secretArn === undefined) {
    throw new ConfigError(['STRATA_SLACK_SECRET_ARN: required in the Lambda deployment']);
  }
  return {
    config,
    logger: createLogger({ level: config.logLevel }),
    secrets: createSlackSecretsSource({
      client: createSecretsManagerClient({ region: config.aws.region }),
      secretId: secretArn,
    }),
    withSlack: (credentials) => loadConfigWithSlackCredentials(credentials),
  };
}
