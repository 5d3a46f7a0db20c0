import { describe, expect, it } from 'vitest';
import { createEmfMetrics, type EmfDocument } from '../../src/metrics.js';

function capture() {
  const lines: EmfDocument[] = [];
  const metrics = createEmfMetrics({
    emit: (doc) => lines.push(JSON.parse(JSON.stringify(doc)) as EmfDocument),
    now: () => Date.parse('2025-11-20T10:00:00Z'),
  });
  return { lines, metrics };
}

const model = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('EMF metrics', () => {
  it('writes usage as one EMF document: namespace Strata, dimensions model and feature, values at the top level', () => {
    const { lines, metrics } = capture();
    metrics.usage({
      modelId: model,
      feature: 'chat',
      inputTokens: 120,
      outputTokens: 45,
      user: 'U1',
      channel: 'C1',
    });
    expect(lines).toEqual([
      {
        _aws: {
          Timestamp: Date.parse('2025-11-20T10:00:00Z'),
          CloudWatchMetrics: [
            {
              Namespace: 'Strata',
              Dimensions: [['model', 'feature']],
              Metrics: [
                { Name: 'InputTokens', Unit: 'Count' },
                { Name: 'OutputTokens', Unit: 'Count' },
              ],
            },
          ],
        },
        model,
        feature: 'chat',
        InputTokens: 120,
        OutputTokens: 45,
        user: 'U1',
        channel: 'C1',
      },
    ]);
  });

  it('adds ImagesGenerated only when images were generated', () => {
    const { lines, metrics } = capture();
    metrics.usage({
      modelId: 'amazon.nova-canvas-v1:0',
      feature: 'image',
      inputTokens: 0,
      outputTokens: 0,
      imagesGenerated: 2,
      user: 'U1',
      channel: 'C1',
    });
    expect(lines[0]).toMatchObject({ ImagesGenerated: 2 });
  });

  it('writes latency in milliseconds', () => {
    const { lines, metrics } = capture();
    metrics.latency({ modelId: model, feature: 'sql', latencyMs: 1234 });
    expect(lines[0]?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'Latency', Unit: 'Milliseconds' }]);
    expect(lines[0]).toMatchObject({ Latency: 1234, model, feature: 'sql' });
  });

  it('counts every invocation, and errors, throttles and stops separately', () => {
    const { lines, metrics } = capture();
    for (const outcome of ['ok', 'error', 'throttled', 'stopped'] as const)
      metrics.outcome({ modelId: model, feature: 'chat', outcome });
    expect(lines.map((l) => l._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name))).toEqual([
      ['Invocations'],
      ['Invocations', 'Errors'],
      ['Invocations', 'Throttles'],
      ['Invocations', 'Stopped'],
    ]);
  });

  it('never mixes one call’s values into the next document', () => {
    const { lines, metrics } = capture();
    metrics.usage({
      modelId: 'a',
      feature: 'chat',
      inputTokens: 1,
      outputTokens: 2,
      user: 'U1',
      channel: 'C1',
    });
    metrics.latency({ modelId: 'b', feature: 'chat', latencyMs: 9 });
    expect(lines[1]).not.toHaveProperty('InputTokens');
    expect(lines[1]).not.toHaveProperty('user');
    expect(lines[1]).toMatchObject({ model: 'b' });
  });
});
