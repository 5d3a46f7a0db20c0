import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import {
  clickButton,
  imagesShown,
  messageWith,
  openThread,
  runSlashCommand,
  saveShot,
  send,
  usePlayground,
} from './helpers.js';

describe.runIf(hasChromium)('/image in the playground', () => {
  const playground = usePlayground('e2e-image-command');

  it('shows the generated PNG in a thread, then variations from the button, then an inpainted edit', async () => {
    const alice = await playground.open();
    const { page } = alice;

    await runSlashCommand(page, '/image a lighthouse at dusk --seed 42');
    await messageWith(page, 'asked for').waitFor({ timeout: 10_000 });
    const thread = await openThread(page, 'asked for');

    const [first] = await imagesShown(thread, 1);
    expect(first).toMatchObject({ width: 1024, height: 1024 });
    const generated = thread.getByTestId('message').filter({ hasText: 'Generated' }).last();
    expect(await generated.textContent()).toContain('Prompt: a lighthouse at dusk');

    await clickButton(generated, '🔀 Variations');
    const afterVariations = await imagesShown(thread, 3);
    expect(new Set(afterVariations.map((i) => i.src)).size).toBe(3);
    expect(await thread.getByTestId('message').filter({ hasText: 'Variation for' }).count()).toBe(2);

    await send(page, '@Strata replace the sky with a sunset', 'thread');
    const afterEdit = await imagesShown(thread, 4);
    const inpainted = thread.getByTestId('message').filter({ hasText: 'Inpainted' }).last();
    await inpainted.waitFor();
    expect(await inpainted.textContent()).toContain('Mask: sky');
    expect(afterEdit.at(-1)?.src).toBe(await inpainted.getByTestId('file-thumbnail').getAttribute('src'));
    await saveShot(page, 'image-command');
  });
});
