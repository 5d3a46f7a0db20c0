import { describe, expect, it } from 'vitest';
import { loadCloudRuntime } from '../../src/cloud/cloud-runtime.js';
import { ConfigError } from '../../src/config.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:strata/slack-AbCdEf';

describe('the Lambda functions’ configuration', () => {
  it('stops a cold start naming STRATA_SLACK_SECRET_ARN when the stack did not set it', () => {
    delete process.env.STRATA_SLACK_SECRET_ARN;
    expect(() => loadCloudRuntime()).toThrow(ConfigError);
    expect(() => loadCloudRuntime()).toThrow('STRATA_SLACK_SECRET_ARN');
  });

  it('becomes the production HTTP configuration once the Slack credentials are read, without local defaults', () => {
    process.env.STRATA_SLACK_SECRET_ARN = ARN;
    delete process.env.SLACK_BOT_TOKEN;
    const runtime = loadCloudRuntime();
    // Before the secret is read the environment alone looks like local mode.
    expect(runtime.config.mode).toBe('local');

    const config = runtime.withSlack({ botToken: 'xoxb-1-abc', signingSecret: 'shh' });

    expect(config.mode).toBe('http');
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1-abc', signingSecret: 'shh' });
    expect(config.admin.group).toBeUndefined();
    expect(config.cloud.slackSecretArn).toBe(ARN);
    expect(process.env.SLACK_BOT_TOKEN).toBeUndefined();
  });
});
