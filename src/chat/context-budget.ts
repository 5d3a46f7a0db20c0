import type { Turn } from './conversation.js';

/** A rough token count (about four characters per token) that errs towards caution for prose and code. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Keeps the newest turns that fit the budget beside the system prompt and the question, which are
 * always sent. Returns how many older turns were left out.
 */
export function fitToBudget(
  history: readonly Turn[],
  question: string,
  systemPrompt: string,
  budgetTokens: number,
): { turns: Turn[]; dropped: number } {
  let remaining = budgetTokens - estimateTokens(systemPrompt) - estimateTokens(question);
  let keep = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const cost = estimateTokens(history[i]?.text ?? '');
    if (cost > remaining) break;
    remaining -= cost;
    keep += 1;
  }
  return { turns: history.slice(history.length - keep), dropped: history.length - keep };
}
