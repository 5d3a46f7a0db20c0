import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.js';
import {
  ephemeralWith,
  fillModal,
  imagesShown,
  messageWith,
  openThread,
  pickChannel,
  runSlashCommand,
  saveShot,
  send,
  submitModal,
  usePlayground,
  waitForFinalBotMessage,
} from './helpers.js';

const LLAMA = 'meta.llama3-1-8b-instruct-v1:0';

describe.runIf(hasChromium)('/bedrock usage and settings in the playground', () => {
  const playground = usePlayground('e2e-bedrock-admin');

  it('sends an admin the usage report in their DM, with the chart as an image in its thread', async () => {
    const dana = await playground.open('U0ADMIN');
    const { page } = dana;
    await send(page, '@Strata what is Amazon Bedrock?');
    await openThread(page, 'what is Amazon Bedrock?');
    await waitForFinalBotMessage(page, 'thread');

    await runSlashCommand(page, '/bedrock usage');
    await ephemeralWith(page, 'Usage report sent to your DM');
    await pickChannel(page, 'Strata');
    const report = messageWith(page, 'Usage — last 24h');
    await report.waitFor({ timeout: 10_000 });
    expect(await report.textContent()).toMatch(/total +1 +\d+ +\d+ +\$0\.\d{4}/);
    const thread = await openThread(page, 'Usage — last 24h');

    const [chart] = await imagesShown(thread, 1);
    expect(chart?.width).toBeGreaterThan(1000);
    expect(chart?.height).toBeGreaterThan(600);
    expect(await thread.getByTestId('file').textContent()).toContain('Strata usage — last 24h');
    await saveShot(page, 'bedrock-usage');
  });

  it('saves model, temperature and top k from the settings modal, and the next reply uses them', async () => {
    const dana = await playground.open('U0ADMIN');
    const { page } = dana;

    await runSlashCommand(page, '/bedrock settings');
    await fillModal(page, { Model: LLAMA, Temperature: '0.3', 'Top k': '25' });
    await saveShot(page, 'bedrock-settings-modal');
    await submitModal(page);
    await expect.poll(() => page.getByTestId('modal').count()).toBe(0);
    const saved = await ephemeralWith(page, 'Saved your settings');
    expect(await saved.textContent()).toContain('temperature 0.3');
    expect(await saved.textContent()).toContain(`modelId ${LLAMA}`);
    expect(await storedSettings('U0ADMIN')).toMatchObject({
      modelId: { S: LLAMA },
      temperature: { N: '0.3' },
      topK: { N: '25' },
    });

    await send(page, '@Strata settings check');
    await openThread(page, 'settings check');
    // Llama has no top_k: the reply says so, naming the model it was answered with.
    const reply = await waitForFinalBotMessage(page, 'thread');
    expect(reply).toContain(`Note: ${LLAMA} has no top_k parameter, so top_k=25 was not applied.`);
    const request = playground.local.bedrock.requests.findLast((r) =>
      JSON.stringify(r.body).includes('settings check'),
    );
    expect(request?.modelId).toBe(LLAMA);
    expect(request?.body).toMatchObject({ inferenceConfig: { temperature: 0.3 } });

    // The modal opens with what was saved.
    await runSlashCommand(page, '/bedrock settings');
    const temperature = page.getByTestId('modal').getByLabel('Temperature');
    await expect.poll(() => temperature.inputValue()).toBe('0.3');
    await saveShot(page, 'bedrock-settings');
  });
});

/** The person's settings item as stored in DynamoDB. */
async function storedSettings(user: string) {
  const dynamo = new DynamoDBClient({});
  try {
    const { Item } = await dynamo.send(
      new GetItemCommand({
        TableName: 'strata',
        Key: { pk: { S: `SETTINGS#user#${user}` }, sk: { S: 'SETTINGS' } },
        ConsistentRead: true,
      }),
    );
    return Item;
  } finally {
    dynamo.destroy();
  }
}
