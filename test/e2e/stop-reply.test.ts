import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import {
  lastBotMessage,
  openThread,
  readableText,
  saveShot,
  send,
  usePlayground,
  waitForFinalBotMessage,
} from './helpers.js';

describe.runIf(hasChromium)('stopping a reply in the playground', () => {
  const playground = usePlayground('e2e-stop-reply');

  it('ends a long streaming reply when its asker clicks Stop, with a stopped note, and it grows no more', async () => {
    // Sixty words at 150 ms each: nine seconds of streaming, far longer than the click takes.
    const chunks = Array.from({ length: 60 }, (_, i) => `word${i} `);
    playground.local.bedrock.script({ chunks, delayMs: 150 });
    const alice = await playground.open();
    const { page } = alice;

    await send(page, '@Strata tell me everything about Bedrock, at length');
    await openThread(page, 'tell me everything about Bedrock');
    const reply = lastBotMessage(page, 'thread');
    await expect
      .poll(() => readableText(reply.getByTestId('message-text')), { timeout: 10_000 })
      .toContain('word3');
    await reply.getByRole('button', { name: 'Stop', exact: true }).click();

    const stopped = await waitForFinalBotMessage(page, 'thread');
    expect(stopped).toContain('Stopped by @alice.');
    expect(stopped).not.toContain('word59');
    expect(await reply.getByRole('button', { name: 'Stop', exact: true }).count()).toBe(0);

    // Streaming would have added a word every 150 ms; after a second the text is the same.
    await page.waitForTimeout(1_000);
    expect(await readableText(reply.getByTestId('message-text'))).toBe(stopped);
    await saveShot(page, 'stop-reply');
  });
});
