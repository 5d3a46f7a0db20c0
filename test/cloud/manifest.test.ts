import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AwsLambdaReceiver } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createServices, createSlackApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Job } from '../../src/jobs.js';
import { createLogger } from '../../src/log.js';
import type { WorkQueue } from '../../src/work-queue.js';

/** The Slack app manifest (manifest.json, the one source the playground reads too), as far as this test reads it. */
const manifestSchema = z.object({
  features: z.object({
    slash_commands: z.array(z.object({ command: z.string(), url: z.string(), description: z.string() })),
    assistant_view: z.object({ assistant_description: z.string() }).optional(),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }),
  }),
});

const root = new URL('../../', import.meta.url);
const manifest = manifestSchema.parse(JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')));
const scopeReasons = z
  .record(z.string(), z.string().min(20))
  .parse(JSON.parse(readFileSync(new URL('slack/bot-scopes.json', root), 'utf8')));

/** What the handlers register on the Bolt app, recorded from the real registerHandlers. */
const registered = { commands: new Set<string>(), events: new Set<string>(), interactive: 0, assistant: 0 };
const dataDir = mkdtempSync(join(tmpdir(), 'strata-manifest-'));

beforeAll(() => {
  const record = <
    K extends 'command' | 'event' | 'message' | 'action' | 'view' | 'shortcut' | 'options' | 'assistant',
  >(
    method: K,
    onCall: (first: unknown) => void,
  ) => {
    const original = App.prototype[method] as (...args: unknown[]) => unknown;
    vi.spyOn(App.prototype, method).mockImplementation(function (this: App, ...args: unknown[]) {
      onCall(args[0]);
      return original.apply(this, args);
    } as never);
  };
  record('command', (name) => registered.commands.add(String(name)));
  record('event', (name) => registered.events.add(String(name)));
  record('message', () => registered.events.add('message'));
  for (const method of ['action', 'view', 'shortcut', 'options'] as const) {
    record(method, () => {
      registered.interactive += 1;
    });
  }
  record('assistant', () => {
    registered.assistant += 1;
  });

  const config = loadConfig({ STRATA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const slack = { token: 'xoxb-manifest-test', signingSecret: 'manifest-test' };
  const logger = createLogger({ level: 'silent' });
  const queue: WorkQueue<Job> = { enqueue: async () => {}, onIdle: async () => {}, close: async () => {} };
  createSlackApp({
    slack,
    receiver: new AwsLambdaReceiver({ signingSecret: slack.signingSecret }),
    queue,
    services: createServices(config, slack, logger),
  });
  vi.restoreAllMocks();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Bolt event type → the manifest bot events that deliver it. */
const deliveringEvents = (event: string): string[] =>
  event === 'message' ? ['message.channels', 'message.groups', 'message.im', 'message.mpim'] : [event];

/** Scopes Slack requires for a bot event subscription (any one of them). */
const scopesForEvent: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
  'message.mpim': ['mpim:history'],
  assistant_thread_started: ['assistant:write'],
  assistant_thread_context_changed: ['assistant:write'],
  member_joined_channel: ['channels:read', 'groups:read'],
  member_left_channel: ['channels:read', 'groups:read'],
};
const requiredScopes = (botEvent: string): string[] =>
  scopesForEvent[botEvent] ??
  (botEvent.startsWith('channel_')
    ? ['channels:read']
    : botEvent.startsWith('group_')
      ? ['groups:read']
      : []);

describe('the Slack app manifest', () => {
  it('declares exactly the slash commands the handlers register', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(registered.commands.size).toBeGreaterThan(0);
    expect(declared).toEqual([...registered.commands].sort());
    for (const name of ['/ask', '/sql', '/image', '/bedrock']) expect(declared).toContain(name);
  });

  it('subscribes to every event a handler listens for, and to nothing no handler uses', () => {
    const subscribed = manifest.settings.event_subscriptions.bot_events;
    for (const event of registered.events) {
      expect(
        deliveringEvents(event).some((e) => subscribed.includes(e)),
        `${event} has a listener but no bot event delivers it`,
      ).toBe(true);
    }
    for (const botEvent of subscribed) {
      const listened = [...registered.events].some((event) => deliveringEvents(event).includes(botEvent));
      expect(listened, `${botEvent} is subscribed but nothing listens to it`).toBe(true);
    }
  });

  it('requests the scope each subscription and command needs, and justifies every scope it requests', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    for (const botEvent of manifest.settings.event_subscriptions.bot_events) {
      const needed = requiredScopes(botEvent);
      if (needed.length > 0)
        expect(
          needed.some((s) => scopes.includes(s)),
          `${botEvent} needs ${needed}`,
        ).toBe(true);
    }
    if (registered.commands.size > 0) expect(scopes).toContain('commands');
    expect([...scopes].sort()).toEqual(Object.keys(scopeReasons).sort());
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it('turns on interactivity for the buttons and modals, and the assistant view for the assistant panel', () => {
    expect(registered.interactive).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const usesAssistant = registered.assistant > 0 || registered.events.has('assistant_thread_started');
    expect(manifest.features.assistant_view !== undefined).toBe(usesAssistant);
  });

  it('sends events, commands and interactivity to the one /slack/events endpoint', () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    expect(new Set(urls)).toEqual(new Set(['https://YOUR-HOST/slack/events']));
  });
});
