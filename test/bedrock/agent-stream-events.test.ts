import type { ResponseStream } from '@aws-sdk/client-bedrock-agent-runtime';
import { describe, expect, it } from 'vitest';
import { toAgentParts } from '../../src/bedrock/agent-stream-events.js';
import { readTrace } from '../../src/bedrock/agent-trace.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A trace as Bedrock sends it for a Lambda action group call (shape from a real orchestration trace). */
const recordedTraces = [
  {
    orchestrationTrace: {
      modelInvocationInput: { traceId: 't-0', type: 'ORCHESTRATION', text: '{"system": "…a long prompt…"}' },
    },
  },
  {
    orchestrationTrace: {
      modelInvocationOutput: {
        traceId: 't-0',
        rawResponse: { content: '…' },
        metadata: { usage: { inputTokens: 1520, outputTokens: 88 } },
      },
    },
  },
  { orchestrationTrace: { rationale: { traceId: 't-0', text: 'The user wants the status of order 1042.' } } },
  {
    orchestrationTrace: {
      invocationInput: {
        traceId: 't-0',
        invocationType: 'ACTION_GROUP',
        actionGroupInvocationInput: {
          actionGroupName: 'OrderManagement',
          function: 'getOrderStatus',
          parameters: [{ name: 'orderId', type: 'string', value: '1042' }],
          executionType: 'LAMBDA',
        },
      },
    },
  },
  {
    orchestrationTrace: {
      observation: {
        traceId: 't-0',
        type: 'ACTION_GROUP',
        actionGroupInvocationOutput: { text: '{"status":"found","orderStatus":"delivered"}' },
      },
    },
  },
  {
    orchestrationTrace: {
      invocationInput: {
        traceId: 't-1',
        invocationType: 'KNOWLEDGE_BASE',
        knowledgeBaseLookupInput: { text: 'return policy for headphones', knowledgeBaseId: 'KB12345678' },
      },
    },
  },
  {
    orchestrationTrace: {
      observation: {
        traceId: 't-1',
        type: 'KNOWLEDGE_BASE',
        knowledgeBaseLookupOutput: { retrievedReferences: [{}, {}, {}] },
      },
    },
  },
  {
    orchestrationTrace: {
      observation: { traceId: 't-2', type: 'FINISH', finalResponse: { text: 'It was delivered.' } },
    },
  },
  { failureTrace: { traceId: 't-3', failureReason: 'Lambda returned an invalid response' } },
  { guardrailTrace: { action: 'INTERVENED' } },
];

describe('agent trace events', () => {
  it('become readable steps and model usage; the prompt itself is not kept', () => {
    const readings = recordedTraces.map(readTrace);

    expect(readings.flatMap((r) => r.steps)).toEqual([
      { kind: 'rationale', text: 'The user wants the status of order 1042.' },
      {
        kind: 'action',
        actionGroup: 'OrderManagement',
        operation: 'getOrderStatus',
        parameters: [{ name: 'orderId', value: '1042' }],
        execution: 'lambda',
      },
      { kind: 'observation', source: 'action', text: '{"status":"found","orderStatus":"delivered"}' },
      { kind: 'knowledge-base', knowledgeBaseId: 'KB12345678', query: 'return policy for headphones' },
      { kind: 'observation', source: 'knowledge-base', text: '3 passages retrieved', referenceCount: 3 },
      { kind: 'final', text: 'It was delivered.' },
      { kind: 'failure', reason: 'Lambda returned an invalid response' },
      { kind: 'guardrail', action: 'INTERVENED' },
    ]);
    expect(readings.map((r) => r.usage).filter(Boolean)).toEqual([{ inputTokens: 1520, outputTokens: 88 }]);
  });

  it('ignores trace members it does not know instead of failing', () => {
    expect(readTrace({ routingClassifierTrace: { invocationInput: {} } })).toEqual({
      steps: [],
      usage: undefined,
    });
    expect(readTrace('not a trace')).toEqual({ steps: [], usage: undefined });
  });
});

describe('InvokeAgent completion events', () => {
  it('turns a chunk with knowledge-base attribution into text and citations with links where there are links', () => {
    const event: ResponseStream = {
      chunk: {
        bytes: bytes('Headphones can be returned within 30 days.'),
        attribution: {
          citations: [
            {
              generatedResponsePart: {
                textResponsePart: { text: 'within 30 days', span: { start: 27, end: 41 } },
              },
              retrievedReferences: [
                {
                  content: { text: 'Items may be returned\nwithin 30 days of delivery.' },
                  location: { type: 'WEB', webLocation: { url: 'https://shop.example.com/returns' } },
                },
                {
                  content: { text: 'Policy PDF, section 2' },
                  location: { type: 'S3', s3Location: { uri: 's3://policies/returns.pdf' } },
                },
              ],
            },
          ],
        },
      },
    };

    expect(toAgentParts(event)).toEqual([
      { type: 'text', text: 'Headphones can be returned within 30 days.' },
      {
        type: 'citations',
        citations: [
          {
            text: 'within 30 days',
            references: [
              {
                excerpt: 'Items may be returned within 30 days of delivery.',
                url: 'https://shop.example.com/returns',
              },
              { excerpt: 'Policy PDF, section 2', location: 's3://policies/returns.pdf' },
            ],
          },
        ],
      },
    ]);
  });

  it('reads return of control for API-schema action groups and without-confirmation calls', () => {
    const event: ResponseStream = {
      returnControl: {
        invocationId: 'inv-1',
        invocationInputs: [
          {
            apiInvocationInput: {
              actionGroup: 'Tickets',
              httpMethod: 'post',
              apiPath: '/tickets',
              parameters: [{ name: 'priority', type: 'string', value: 'high' }],
              requestBody: {
                content: {
                  'application/json': {
                    properties: [{ name: 'title', type: 'string', value: 'Late order' }],
                  },
                },
              },
              actionInvocationType: 'USER_CONFIRMATION_AND_RESULT',
            },
          },
          {
            functionInvocationInput: {
              actionGroup: 'Clock',
              function: 'now',
              actionInvocationType: 'RESULT',
            },
          },
        ],
      },
    };

    expect(toAgentParts(event)).toEqual([
      {
        type: 'return-control',
        invocationId: 'inv-1',
        invocations: [
          {
            kind: 'api',
            actionGroup: 'Tickets',
            httpMethod: 'POST',
            apiPath: '/tickets',
            parameters: [{ name: 'priority', type: 'string', value: 'high' }],
            body: [{ name: 'title', type: 'string', value: 'Late order' }],
            mode: 'confirm-and-run',
          },
          { kind: 'function', actionGroup: 'Clock', function: 'now', parameters: [], mode: 'run' },
        ],
      },
    ]);
  });

  it('passes files through and throws exception members as named errors', () => {
    const files: ResponseStream = {
      files: { files: [{ name: 'chart.png', type: 'image/png', bytes: bytes('png') }] },
    };
    const throttled = { throttlingException: { message: 'slow down' } } as ResponseStream;

    expect(toAgentParts(files)).toEqual([
      { type: 'files', files: [{ name: 'chart.png', mimeType: 'image/png', bytes: bytes('png') }] },
    ]);
    expect(() => toAgentParts(throttled)).toThrow(
      expect.objectContaining({ name: 'ThrottlingException', message: 'slow down' }),
    );
  });
});
