import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminTestStrata, startAdminStrata } from '../admin/admin-strata.js';
import { eventually } from '../helpers/local-strata.js';

const ADMIN = 'U0ADMIN';
const GENERAL = 'C0GENERAL';
const LOADING = 'Loading models and files';

let local: AdminTestStrata;

beforeAll(async () => {
  local = await startAdminStrata();
});
afterAll(async () => {
  await local?.close();
});

const viewById = (id: string) => local.slack.openViews(ADMIN).find((v) => v.id === id);
const hashOf = (view: unknown) => (view as { hash?: string }).hash;
const catalogCalls = () =>
  local.bedrockControl.requests.filter((r) => r.path.startsWith('/foundation-models'));

/** Runs `/bedrock finetune create <args>`; resolves to the modal it opened once `shows` accepts its content. */
async function openModal(args: string, shows = (text: string) => !text.includes(LOADING)) {
  const before = new Set(local.slack.openViews(ADMIN).map((v) => v.id));
  const answer = await local.slack.runCommand({
    user: ADMIN,
    channel: GENERAL,
    command: '/bedrock',
    text: `finetune create ${args}`.trim(),
  });
  expect(answer.status).toBe(200);
  return eventually(async () => {
    const view = local.slack.openViews(ADMIN).find((v) => !before.has(v.id));
    return view && shows(JSON.stringify(view.view)) ? view : undefined;
  });
}

/** Waits until the modal `id` shows something other than `shown`, and returns it. */
async function changed(id: string, shown: string) {
  return eventually(async () => {
    const view = viewById(id);
    return view && JSON.stringify(view.view) !== shown ? view : undefined;
  });
}

describe('the fine-tune modal', () => {
  it('opens at once showing it is loading while the catalog is slow, then becomes the model picker; one closed meanwhile stays closed', async () => {
    const release = local.bedrockControl.hold();
    let opened: { id: string; hash: string; text: string };
    let closed: string;
    try {
      // One modal the admin closes while it loads, and one they keep.
      closed = (await openModal('', (text) => text.includes(LOADING))).id;
      await local.slack.closeView({ user: ADMIN, viewId: closed });
      const view = await openModal('', (text) => text.includes(LOADING));
      opened = { id: view.id, hash: hashOf(view.view) ?? '', text: JSON.stringify(view.view) };
      // The catalog was asked for (by the queued jobs) but has not answered: the modals did not wait for it.
      await eventually(async () => (catalogCalls().length > 0 ? true : undefined));
      expect(JSON.stringify(viewById(view.id)?.view)).toContain(LOADING);
    } finally {
      release();
    }

    const picker = await changed(opened.id, opened.text);
    const text = JSON.stringify(picker.view);
    expect(text).toContain('"callback_id":"finetune_choose_model"');
    expect(text).toContain('Titan Text G1 - Express');
    expect(text).not.toContain(LOADING);
    expect(hashOf(picker.view)).not.toBe(opened.hash);
    await eventually(async () =>
      local.logs.some((line) => line.includes('fine-tune modal closed or changed before it was filled'))
        ? true
        : undefined,
    );
    expect(viewById(closed)).toBeUndefined();
  });

  it('shows loading after a model is chosen, then that model’s form', async () => {
    const picker = await eventually(async () =>
      local.slack
        .openViews(ADMIN)
        .find((v) => JSON.stringify(v.view).includes('"callback_id":"finetune_choose_model"')),
    );
    const answer = await local.slack.submitView({
      user: ADMIN,
      viewId: picker.id,
      values: {
        base_model: { value: 'amazon.titan-text-express-v1' },
        customization: { value: 'FINE_TUNING' },
      },
    });
    expect(answer.status).toBe(200);
    const ack = JSON.parse(answer.body) as { response_action: string; view: unknown };
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view)).toContain(LOADING);

    const form = await eventually(async () => {
      const view = viewById(picker.id);
      return view && JSON.stringify(view.view).includes('"callback_id":"finetune_create"') ? view : undefined;
    });
    const text = JSON.stringify(form.view);
    expect(text).toContain('Titan Text G1 - Express');
    expect(text).toContain('hp_epochCount');
    expect(text).not.toContain(LOADING);
  });

  it('shows the picker again with the reason when the chosen model cannot be customized that way', async () => {
    const picker = await openModal('');
    await local.slack.submitView({
      user: ADMIN,
      viewId: picker.id,
      values: {
        base_model: { value: 'amazon.titan-text-premier-v1:0' },
        customization: { value: 'CONTINUED_PRE_TRAINING' },
      },
    });
    const again = await eventually(async () => {
      const text = JSON.stringify(viewById(picker.id)?.view ?? {});
      return text.includes('does not support continued pre-training') ? text : undefined;
    });
    expect(again).toContain('"callback_id":"finetune_choose_model"');
    expect(again).toContain('Titan Text G1 - Premier');
  });

  it('shows an unknown base model inside the modal, not a blank one', async () => {
    const shown = JSON.stringify((await openModal('acme.unknown-v1')).view);
    expect(shown).toContain(':warning:');
    expect(shown).toContain('acme.unknown-v1');
    expect(shown).toContain('is not a foundation model in this region');
  });
});
