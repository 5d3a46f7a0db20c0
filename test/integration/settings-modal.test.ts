import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata({ STRATA_ADMIN_USERS: 'U0ADMIN' });
});
afterAll(async () => {
  await local?.close();
});

async function openSettings(user: string) {
  const before = local.slack.openViews(user).length;
  const ack = await local.slack.runCommand({
    user,
    channel: 'C0GENERAL',
    command: '/bedrock',
    text: 'settings',
  });
  expect(ack.status).toBe(200);
  return eventually(async () => {
    const views = local.slack.openViews(user);
    return views.length > before ? views.at(-1) : undefined;
  });
}

describe('/bedrock settings', () => {
  it('saves a person’s settings from the modal and uses them for the next reply', async () => {
    const view = await openSettings('U0BOB');
    expect(JSON.stringify(view?.view)).toContain('Strata settings');
    expect(JSON.stringify(view?.view)).not.toContain('Everyone in this channel');

    const submitted = await local.slack.submitView({
      user: 'U0BOB',
      viewId: view?.id ?? '',
      values: { temperature: { value: '0.3' }, topK: { value: '25' } },
    });
    expect(submitted.status).toBe(200);
    const confirmation = await eventually(async () =>
      local.slack.ephemerals('U0BOB', 'C0GENERAL').find((m) => m.text.includes('Saved your settings')),
    );
    expect(confirmation.text).toContain('temperature `0.3`');

    await local.slack.postAsUser({ user: 'U0BOB', channel: 'C0GENERAL', text: '<@U0STRATA> settings check' });
    const request = await eventually(async () =>
      local.bedrock.requests.find((r) => JSON.stringify(r.body).includes('settings check')),
    );
    expect(request.body).toMatchObject({
      inferenceConfig: { temperature: 0.3 },
      additionalModelRequestFields: { top_k: 25 },
    });
  });

  it('shows what is wrong next to the field and saves nothing', async () => {
    const view = await openSettings('U0ALICE');
    const submitted = await local.slack.submitView({
      user: 'U0ALICE',
      viewId: view?.id ?? '',
      values: { temperature: { value: '5' }, modelId: { value: 'not a model!' } },
    });
    expect(JSON.parse(submitted.body)).toMatchObject({
      response_action: 'errors',
      errors: {
        temperature: 'Must be a number from 0 to 1.',
        modelId: expect.stringContaining('Bedrock model id'),
      },
    });
  });

  it('lets an admin set the channel’s settings for everyone in it', async () => {
    const view = await openSettings('U0ADMIN');
    expect(JSON.stringify(view?.view)).toContain('Everyone in this channel');
    await local.slack.submitView({
      user: 'U0ADMIN',
      viewId: view?.id ?? '',
      values: { scope: { value: 'channel' }, maxTokens: { value: '222' } },
    });
    await eventually(async () =>
      local.slack.ephemerals('U0ADMIN', 'C0GENERAL').find((m) => m.text.includes('Saved <#C0GENERAL>')),
    );
    await local.slack.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: '<@U0STRATA> channel settings check',
    });
    const request = await eventually(async () =>
      local.bedrock.requests.find((r) => JSON.stringify(r.body).includes('channel settings check')),
    );
    expect(request.body).toMatchObject({ inferenceConfig: { maxTokens: 222 } });
  });
});
