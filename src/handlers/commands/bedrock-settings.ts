import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AdminPolicy } from '../../access/admin-policy.js';
import { readSettingsSubmission, SETTINGS_VIEW, settingsView } from '../../chat/settings-view.js';
import type { Logger } from '../../log.js';
import type { ChatSettings, SettingsStore } from '../../store/settings-store.js';
import type { Subcommand } from './bedrock-subcommands.js';

interface SettingsDeps {
  settings: SettingsStore;
  admins: AdminPolicy;
  logger: Logger;
}

/** `/bedrock settings`: a modal for the person's own model and parameters (admins: the channel's too). */
export function settingsSubcommand({ settings, admins }: SettingsDeps): Subcommand {
  return {
    usage: 'settings — choose your model, temperature, top_p, top_k, max tokens and system prompt',
    adminOnly: false,
    async run({ command, client }) {
      const current = await settings.get({ kind: 'user', id: command.user_id });
      const canEditChannel = await admins.isAdmin(command.user_id);
      await client.views.open({
        trigger_id: command.trigger_id,
        view: settingsView(current, { channel: command.channel_id, canEditChannel }),
      });
    },
  };
}

const metadata = z.object({ channel: z.string().regex(/^[CDG][A-Z0-9]+$/) });

export function registerSettingsView(app: App, { settings, admins, logger }: SettingsDeps): void {
  app.view(SETTINGS_VIEW, async ({ ack, body, view, client }) => {
    const submission = readSettingsSubmission(
      view.state.values as Parameters<typeof readSettingsSubmission>[0],
    );
    if (!submission.ok) {
      await ack({ response_action: 'errors', errors: submission.errors });
      return;
    }
    const user = body.user.id;
    if (submission.scope === 'channel' && !(await admins.isAdmin(user))) {
      await ack({
        response_action: 'errors',
        errors: { scope: 'Only Strata admins can change a channel’s settings.' },
      });
      return;
    }
    const parsed = metadata.safeParse(JSON.parse(view.private_metadata || '{}'));
    if (!parsed.success) {
      await ack({
        response_action: 'errors',
        errors: { scope: 'This form is out of date; run /bedrock settings again.' },
      });
      return;
    }
    await ack();
    const { channel } = parsed.data;
    await settings.put(
      { kind: submission.scope, id: submission.scope === 'user' ? user : channel },
      submission.settings,
      user,
    );
    logger.info({ user, channel, scope: submission.scope }, 'chat settings saved');
    await client.chat.postEphemeral({
      channel,
      user,
      text: `:white_check_mark: Saved ${submission.scope === 'user' ? 'your' : `<#${channel}>’s`} settings: ${describe(submission.settings)}`,
    });
  });
}

function describe(settings: ChatSettings): string {
  const parts = Object.entries(settings)
    .filter(([key]) => key !== 'systemPrompt')
    .map(([key, value]) => `${key} \`${String(value)}\``);
  if (settings.systemPrompt) parts.push('a custom system prompt');
  return parts.length > 0 ? parts.join(', ') : 'back to the defaults';
}
