import { WebClient } from '@slack/web-api';
import { createAuditLog } from '../../src/access/audit-log.js';
import type { SlackMessage } from '../../src/agents/agent-blocks.js';
import type { AgentDeps, AgentServices } from '../../src/agents/agent-deps.js';
import type { AgentSlack } from '../../src/agents/agent-slack.js';
import { createDynamoChannelAgentStore } from '../../src/agents/channel-agents.js';
import { createDynamoConfirmationStore } from '../../src/agents/confirmation-store.js';
import { ecommerceWording } from '../../src/agents/ecommerce/confirmation-wording.js';
import { createDynamoSessionStore } from '../../src/agents/session-store.js';
import { createDynamoTraceStore } from '../../src/agents/trace-store.js';
import type { AgentFile, AgentPart } from '../../src/bedrock/agent-parts.js';
import type { AgentInvocation, AgentRuntime } from '../../src/bedrock/agent-runtime.js';
import type { StrataError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import type { ModelCall } from '../../src/metrics.js';
import type { ReplyWriter } from '../../src/slack/stream-writer.js';
import { createDynamoAuditStore } from '../../src/store/audit-store.js';
import type { StrataTable } from '../../src/store/table.js';

/** What the fake runtime answers to one InvokeAgent: parts, then optionally an error. */
export interface Script {
  parts: AgentPart[];
  error?: StrataError;
}

export class ScriptedRuntime implements AgentRuntime {
  readonly requests: AgentInvocation[] = [];
  private readonly scripts: Script[] = [];

  next(...scripts: Script[]): void {
    this.scripts.push(...scripts);
  }

  async *invoke(request: AgentInvocation): AsyncGenerator<AgentPart> {
    this.requests.push(request);
    const script = this.scripts.shift() ?? { parts: [] };
    yield* script.parts;
    if (script.error) throw script.error;
  }

  destroy(): void {}
}

export interface FakeReply {
  ts: string;
  channel: string;
  threadTs: string;
  text: string;
  state: 'streaming' | 'done' | 'stopped' | 'failed';
  error?: StrataError;
}

export class FakeSlack implements AgentSlack {
  readonly posts: Array<{ ts: string; channel: string; threadTs: string; message: SlackMessage }> = [];
  readonly updates: Array<{ channel: string; ts: string; message: SlackMessage }> = [];
  readonly whispers: Array<{ channel: string; user: string; threadTs: string | undefined; text: string }> =
    [];
  readonly uploads: AgentFile[] = [];
  private count = 0;

  readonly started: Array<{ ts: string; channel: string; text: string }> = [];

  async start(channel: string, text: string) {
    this.count += 1;
    const ts = `1800000000.${String(this.count).padStart(6, '0')}`;
    this.started.push({ ts, channel, text });
    return ts;
  }
  async post(channel: string, threadTs: string, message: SlackMessage) {
    this.count += 1;
    const ts = `1800000000.${String(this.count).padStart(6, '0')}`;
    this.posts.push({ ts, channel, threadTs, message });
    return ts;
  }
  async update(channel: string, ts: string, message: SlackMessage) {
    this.updates.push({ channel, ts, message });
  }
  async whisper(channel: string, user: string, threadTs: string | undefined, text: string) {
    this.whispers.push({ channel, user, threadTs, text });
  }
  async upload(_channel: string, _threadTs: string, file: AgentFile) {
    this.uploads.push(file);
  }
  /** All text a person would read in a posted or updated message (blocks included). */
  static textOf(message: SlackMessage): string {
    return JSON.stringify(message.blocks);
  }
}

export function fakeReplies(): { writer: ReplyWriter; replies: FakeReply[] } {
  const replies: FakeReply[] = [];
  const writer: ReplyWriter = {
    async start(target) {
      const reply: FakeReply = {
        ts: `1700000000.${String(replies.length + 1).padStart(6, '0')}`,
        channel: target.channel,
        threadTs: target.threadTs,
        text: '',
        state: 'streaming',
      };
      replies.push(reply);
      return {
        get ts() {
          return reply.ts;
        },
        append(text) {
          if (reply.state === 'streaming') reply.text += text;
        },
        async finish() {
          reply.state = 'done';
        },
        async stop() {
          reply.state = 'stopped';
        },
        async fail(error) {
          reply.state = 'failed';
          reply.error = error;
        },
      };
    },
  };
  return { writer, replies };
}

export interface Harness {
  deps: AgentDeps;
  agents: AgentServices;
  runtime: ScriptedRuntime;
  slack: FakeSlack;
  replies: FakeReply[];
  clock: { now: number };
  /** Model calls recorded for usage. */
  calls: ModelCall[];
}

export const AGENT = { agentId: 'AB12CD34EF', aliasId: 'TSTALIASID' };

/** The agent feature over real DynamoDB stores (dynalite), with fakes for Bedrock, Slack and the writer. */
export function createHarness(table: StrataTable, start = Date.parse('2026-03-10T12:00:00Z')): Harness {
  const runtime = new ScriptedRuntime();
  const slack = new FakeSlack();
  const { writer, replies } = fakeReplies();
  const clock = { now: start };
  let ids = 0;
  const calls: ModelCall[] = [];
  const logger = createLogger({ level: 'silent' });
  const agents: AgentServices = {
    runtime,
    sessions: createDynamoSessionStore({ table }),
    confirmations: createDynamoConfirmationStore({ table }),
    traces: createDynamoTraceStore({ table }),
    channels: createDynamoChannelAgentStore({ table }),
    audit: createAuditLog({
      store: createDynamoAuditStore({ table }),
      logger,
      now: () => new Date(clock.now),
    }),
    usage: {
      async record(call) {
        calls.push(call);
      },
    },
    settings: { defaultAgent: AGENT, sessionIdleMs: 600_000, leaseMs: 300_000, maxRounds: 3 },
    wordings: [ecommerceWording],
    actions: new Map(),
    now: () => clock.now,
    newId: () => {
      ids += 1;
      return `id-${ids}`;
    },
    slack,
  };
  const deps: AgentDeps = {
    client: new WebClient('xoxb-unused'),
    replies: writer,
    logger,
    agents,
  };
  return { deps, agents, runtime, slack, replies, clock, calls };
}
