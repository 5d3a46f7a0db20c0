import { describe, expect, it } from 'vitest';
import { describeInvocation, humanize } from '../../src/agents/action-wording.js';
import { decodeAgentControl, encodeAgentControl } from '../../src/agents/agent-controls.js';
import { sessionIdFor } from '../../src/agents/agent-session.js';
import { citationsMarkdown } from '../../src/agents/citations.js';
import { ecommerceWording } from '../../src/agents/ecommerce/confirmation-wording.js';
import { renderTrace, traceLines } from '../../src/agents/trace-render.js';
import type { AgentTraceStep } from '../../src/bedrock/agent-parts.js';

const steps: AgentTraceStep[] = [
  { kind: 'rationale', text: 'The user wants to know where order 1042 is.' },
  {
    kind: 'action',
    actionGroup: 'OrderManagement',
    operation: 'getOrderStatus',
    parameters: [{ name: 'orderId', value: '1042' }],
    execution: 'lambda',
  },
  { kind: 'observation', source: 'action', text: '{"status":"found","orderStatus":"delivered"}' },
  { kind: 'knowledge-base', knowledgeBaseId: 'KB1', query: 'return policy' },
  { kind: 'observation', source: 'knowledge-base', text: '2 passages retrieved', referenceCount: 2 },
  { kind: 'final', text: 'It was delivered.' },
];

describe('the trace behind Show steps', () => {
  it('reads as numbered steps: reasoning, the action with its parameters, what came back', () => {
    expect(traceLines(steps)).toEqual([
      '1. :thought_balloon: _The user wants to know where order 1042 is._',
      '2. :gear: Called `OrderManagement.getOrderStatus` with orderId=`1042`',
      '3. :page_facing_up: Result: `{"status":"found","orderStatus":"delivered"}`',
      '4. :books: Searched knowledge base `KB1` for “return policy”',
      '5. :page_facing_up: Knowledge base: `2 passages retrieved`',
      '6. :white_check_mark: Answered',
    ]);
    const { blocks } = renderTrace(steps);
    expect(JSON.stringify(blocks[0])).toContain('6 steps, 1 action');
  });

  it('keeps long or hostile values readable and harmless', () => {
    const [line] = traceLines([
      {
        kind: 'action',
        actionGroup: 'OrderManagement',
        operation: 'updateShippingAddress',
        parameters: [{ name: 'address', value: `<!channel> \`rm -rf\` ${'x'.repeat(400)}` }],
        execution: 'lambda',
      },
    ]);
    expect(line).toContain('&lt;!channel&gt;');
    expect(line).not.toContain('<!channel>');
    expect(line).toContain('ˋrm -rfˋ');
    expect(line?.length).toBeLessThan(400);
  });

  it('fits a very long trace into Slack limits and says when steps were left out', () => {
    const many: AgentTraceStep[] = Array.from({ length: 800 }, (_, i) => ({
      kind: 'observation' as const,
      source: 'action' as const,
      text: `${i} ${'y'.repeat(250)}`,
    }));
    const { blocks } = renderTrace(many);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect(JSON.stringify(block).length).toBeLessThan(3_200);
    expect(JSON.stringify(blocks.at(-1))).toContain('left out');
  });

  it('says so when the agent reported no steps', () => {
    expect(renderTrace([]).text).toContain('no steps');
  });
});

describe('citations', () => {
  it('become a Sources list: links where there are links, locations otherwise, each once', () => {
    const markdown = citationsMarkdown([
      {
        text: 'within 30 days',
        references: [
          { excerpt: 'Items may be returned within 30 days.', url: 'https://shop.example.com/returns' },
          { excerpt: 'Policy PDF', location: 's3://policies/returns.pdf' },
        ],
      },
      { text: 'again', references: [{ excerpt: 'Same page', url: 'https://shop.example.com/returns' }] },
      { text: 'evil', references: [{ excerpt: 'click', url: 'javascript:alert(1)' }] },
    ]);
    expect(markdown).toBe(
      '\n\n**Sources**\n' +
        '1. [Items may be returned within 30 days.](https://shop.example.com/returns)\n' +
        '2. `s3://policies/returns.pdf` — “Policy PDF”\n' +
        '3. a knowledge base passage — “click”',
    );
    expect(citationsMarkdown([])).toBe('');
  });
});

describe('pending actions in plain words', () => {
  it('uses the ecommerce wording for the shop functions and a readable fallback for others', () => {
    expect(
      describeInvocation(
        {
          kind: 'function',
          actionGroup: 'OrderManagement',
          function: 'updateShippingAddress',
          parameters: [
            { name: 'orderId', type: 'string', value: '1044' },
            { name: 'address', type: 'string', value: '5 Pine Road, Salem' },
          ],
          mode: 'confirm',
        },
        [ecommerceWording],
      ),
    ).toEqual({
      title: 'Change the shipping address',
      details: [
        { label: 'Order', value: '1044' },
        { label: 'New address', value: '5 Pine Road, Salem' },
      ],
    });
    expect(
      describeInvocation(
        {
          kind: 'function',
          actionGroup: 'Billing',
          function: 'issueRefund',
          parameters: [{ name: 'amount_cents', type: 'integer', value: '1299' }],
          mode: 'confirm',
        },
        [ecommerceWording],
      ),
    ).toEqual({ title: 'Issue refund', details: [{ label: 'Amount cents', value: '1299' }] });
    expect(humanize('createReturn')).toBe('Create return');
  });
});

describe('agent ids and button values', () => {
  it('derives a Bedrock-valid session id from the channel, thread and generation', () => {
    expect(sessionIdFor('C0SHOP', '1712345678.000100', 3)).toBe('C0SHOP-1712345678.000100-3');
    expect(sessionIdFor('C0SHOP', '1712345678.000100', 1)).toMatch(/^[0-9a-zA-Z._:-]{2,100}$/);
  });

  it('round-trips button values and rejects forged ones', () => {
    const value = { channel: 'C0SHOP', threadTs: '1712345678.000100', ref: 'abc-123' };
    expect(decodeAgentControl(encodeAgentControl(value))).toEqual(value);
    expect(decodeAgentControl('{"c":"C0SHOP","t":"1.2","r":"<script>"}')).toBeUndefined();
    expect(decodeAgentControl('not json')).toBeUndefined();
    expect(decodeAgentControl(undefined)).toBeUndefined();
  });
});
