import { describe, expect, it } from 'vitest';
import { estimateTokens, fitToBudget } from '../../src/chat/context-budget.js';

const turn = (role: 'user' | 'assistant', chars: number) => ({ role, text: 'x'.repeat(chars) });

describe('fitToBudget', () => {
  it('keeps every turn when the thread fits', () => {
    const history = [turn('user', 40), turn('assistant', 40)];
    expect(fitToBudget(history, 'q', 'system', 100)).toEqual({ turns: history, dropped: 0 });
  });

  it('drops the oldest turns first and always keeps the system prompt and question', () => {
    const history = [turn('user', 400), turn('assistant', 400), turn('user', 40), turn('assistant', 40)];
    const { turns, dropped } = fitToBudget(history, 'x'.repeat(40), 'x'.repeat(40), 60);
    expect(dropped).toBe(2);
    expect(turns).toEqual(history.slice(2));
  });

  it('sends no history when the question alone fills the budget', () => {
    expect(fitToBudget([turn('user', 8)], 'x'.repeat(400), '', 50)).toEqual({ turns: [], dropped: 1 });
  });

  it('estimates about four characters per token', () => {
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});
