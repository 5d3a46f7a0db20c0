import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('runs in local mode with defaults when no Slack token is set', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('local');
    expect(config.port).toBe(3000);
    expect(config.chat.modelId).toMatch(/anthropic|nova/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('serves the Events API over HTTP when a bot token and signing secret are set', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' });
    expect(config.mode).toBe('http');
    expect(config.port).toBe(8080);
  });

  it('uses Socket Mode when an app token is set', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).mode).toBe('socket');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ BEDROCK_TEMPERATURE: '1.5' }, 'BEDROCK_TEMPERATURE'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
    [{ STRATA_BUCKET: 'Bad_Bucket' }, 'STRATA_BUCKET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops with a message naming the variable for %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
