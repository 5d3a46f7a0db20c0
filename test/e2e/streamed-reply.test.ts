import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import { openThread, recordBotTexts, send, usePlayground, waitForFinalBotMessage } from './helpers.js';

describe.runIf(hasChromium)('a mention in the playground', () => {
  const playground = usePlayground('e2e-streamed-reply');

  it('shows the reply growing in the thread, then its final text', async () => {
    // About five seconds of streaming: long enough for several edits under Slack's chat.update budget.
    const words =
      'Amazon Bedrock is a fully managed service that offers a choice of high-performing foundation models from leading AI companies and Amazon through a single API, with security, privacy and responsible AI built in.';
    const chunks = words.split(/(?<= )/);
    playground.local.bedrock.script({ chunks, delayMs: 150 });
    const alice = await playground.open();
    const { page } = alice;

    const texts = await recordBotTexts(page, 'thread');
    await send(page, '@Strata what is Amazon Bedrock?');
    const pane = await openThread(page, 'what is Amazon Bedrock?');
    const final = await waitForFinalBotMessage(page, 'thread');

    expect(final).toBe(chunks.join(''));
    const partial = (await texts()).filter((t) => t !== final && !t.includes('Thinking'));
    expect(new Set(partial).size).toBeGreaterThanOrEqual(2);
    for (const text of partial) expect(final.startsWith(text.replace(/\s*▍\s*$/, '').trim())).toBe(true);
    expect(await pane.getByTestId('message').first().textContent()).toContain('what is Amazon Bedrock?');
  });
});
