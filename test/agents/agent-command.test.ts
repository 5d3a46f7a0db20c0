import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentCommand, runAgentCommand } from '../../src/agents/agent-command.js';
import type { AgentJob } from '../../src/agents/agent-jobs.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import type { StrataTable } from '../../src/store/table.js';
import { createTestTable, startDynamoForTest } from '../store/local-dynamo-fixture.js';
import { createHarness, type Harness } from './agent-harness.js';

let server: LocalServer;
let table: StrataTable;

beforeAll(async () => {
  server = await startDynamoForTest();
  table = (await createTestTable('agent-commands')).table;
});
afterAll(async () => {
  await server?.close();
});

function command(h: Harness, jobs: AgentJob[], admins: string[] = []) {
  return (text: string, user = 'U0ALICE', channel = 'C0SHOP') =>
    runAgentCommand(
      {
        agents: h.agents,
        slack: h.slack,
        isAdmin: async (id) => admins.includes(id),
        enqueue: async (job) => {
          jobs.push(job);
        },
      },
      { channel, user, text, teamId: 'T0LOCAL', triggerId: `trigger-${jobs.length}` },
    );
}

describe('/agent', () => {
  it('reads requests, subcommands and mistakes', () => {
    expect(parseAgentCommand('')).toEqual({ kind: 'help' });
    expect(parseAgentCommand('where is order 1042?')).toEqual({ kind: 'ask', text: 'where is order 1042?' });
    expect(parseAgentCommand('END')).toEqual({ kind: 'end' });
    expect(parseAgentCommand('end the order 1044 please')).toEqual({
      kind: 'ask',
      text: 'end the order 1044 please',
    });
    expect(parseAgentCommand('use AB12CD34EF TSTALIASID mentions')).toEqual({
      kind: 'use',
      agentId: 'AB12CD34EF',
      aliasId: 'TSTALIASID',
      mentions: true,
    });
    expect(parseAgentCommand('use default')).toEqual({ kind: 'reset' });
    expect(parseAgentCommand('use my gift card on order 1042')).toMatchObject({ kind: 'ask' });
    expect(parseAgentCommand('use AB12CD34EF')).toMatchObject({
      kind: 'bad',
      problem: expect.stringContaining('alias id'),
    });
    expect(parseAgentCommand('x'.repeat(4_001))).toMatchObject({
      kind: 'bad',
      problem: expect.stringContaining('4001'),
    });
  });

  it('opens a thread for a request and queues the first turn there', async () => {
    const h = createHarness(table);
    const jobs: AgentJob[] = [];

    const reply = await command(h, jobs)('where is <order> 1042?');

    expect(reply).toBeUndefined();
    expect(h.slack.started).toEqual([
      {
        ts: expect.any(String),
        channel: 'C0SHOP',
        text: ':robot_face: <@U0ALICE> asked the agent:\n>where is &lt;order&gt; 1042?',
      },
    ]);
    expect(jobs).toEqual([
      expect.objectContaining({
        kind: 'agent-turn',
        threadTs: h.slack.started[0]?.ts,
        text: 'where is <order> 1042?',
        start: true,
      }),
    ]);
  });

  it('lets only admins choose the channel agent, validates the ids, and audits both', async () => {
    const h = createHarness(table);
    const jobs: AgentJob[] = [];
    const run = command(h, jobs, ['U0ADMIN']);

    expect(await run('use AB12CD34EF TSTALIASID', 'U0ALICE')).toBe(
      ':lock: Only Strata admins can choose the agent of a channel.',
    );
    await expect(run('use AB12CD34EF tstaliasid', 'U0ADMIN')).rejects.toMatchObject({
      code: 'bad_input',
      userMessage: expect.stringContaining('`tstaliasid` is not an alias id'),
    });
    expect(await run('use AB12CD34EF TSTALIASID mentions', 'U0ADMIN')).toContain(
      'Mentions of Strata here start agent sessions.',
    );
    expect(await h.agents.channels.get('C0SHOP')).toMatchObject({
      agentId: 'AB12CD34EF',
      mentions: true,
      updatedBy: 'U0ADMIN',
    });
    expect(await run('status')).toContain(
      'uses agent `AB12CD34EF` (alias `TSTALIASID`), chosen by <@U0ADMIN>',
    );
    expect(await run('use default', 'U0ADMIN')).toContain('back on the default agent');

    const audit = await h.agents.audit.latest(5);
    expect(audit.map((a) => [a.action, a.actor, a.outcome])).toEqual(
      expect.arrayContaining([
        ['agent.channel.set', 'U0ALICE', 'denied'],
        ['agent.channel.set', 'U0ADMIN', 'ok'],
        ['agent.channel.reset', 'U0ADMIN', 'ok'],
      ]),
    );
  });

  it('ends your latest session in the channel, or says there is none', async () => {
    const h = createHarness(table);
    const jobs: AgentJob[] = [];
    const run = command(h, jobs, ['U0ADMIN']);

    expect(await run('end', 'U0NOBODY')).toBe('You have no agent session in this channel.');
    await h.agents.sessions.rememberLatest('C0SHOP', 'U0ALICE', '1712345678.000001', h.clock.now);
    await run('end');
    expect(jobs).toEqual([
      {
        kind: 'agent-end',
        channel: 'C0SHOP',
        threadTs: '1712345678.000001',
        user: 'U0ALICE',
        isAdmin: false,
      },
    ]);
  });
});
