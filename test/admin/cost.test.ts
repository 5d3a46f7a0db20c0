import { describe, expect, it } from 'vitest';
import { callCost, defaultPrices, formatUsd, priceFor } from '../../src/admin/cost.js';

describe('cost estimates', () => {
  it('prices tokens per thousand, input and output separately', () => {
    const cost = callCost(
      'anthropic.claude-3-haiku-20240307-v1:0',
      { inputTokens: 2000, outputTokens: 1000 },
      defaultPrices,
    );
    expect(cost).toBeCloseTo(2 * 0.00025 + 1 * 0.00125, 10);
  });

  it('finds the price of an inference profile or ARN by its base model, longest prefix first', () => {
    expect(priceFor('us.anthropic.claude-3-5-haiku-20241022-v1:0', defaultPrices)).toEqual({
      inputPer1k: 0.0008,
      outputPer1k: 0.004,
    });
    const table = {
      'amazon.nova': { inputPer1k: 1, outputPer1k: 1 },
      'amazon.nova-pro': { inputPer1k: 2, outputPer1k: 3 },
    };
    expect(priceFor('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0', table)).toEqual({
      inputPer1k: 2,
      outputPer1k: 3,
    });
  });

  it('prices generated images per image', () => {
    expect(
      callCost(
        'amazon.nova-canvas-v1:0',
        { inputTokens: 0, outputTokens: 0, imagesGenerated: 3 },
        defaultPrices,
      ),
    ).toBeCloseTo(0.12, 10);
  });

  it('says undefined, not zero, for a model without a price', () => {
    expect(callCost('acme.unknown-v1', { inputTokens: 5, outputTokens: 5 }, defaultPrices)).toBeUndefined();
  });

  it('lets a configured table override a built-in price', () => {
    const table = { ...defaultPrices, 'anthropic.claude-3-haiku': { inputPer1k: 1, outputPer1k: 2 } };
    expect(
      callCost('anthropic.claude-3-haiku-20240307-v1:0', { inputTokens: 1000, outputTokens: 1000 }, table),
    ).toBe(3);
  });

  it('formats small amounts with enough digits to be useful', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.00123)).toBe('$0.0012');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
  });
});
