import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AdminPolicy } from '../../access/admin-policy.js';
import type { AuditLog } from '../../access/audit-log.js';
import type { ChatModelCheck } from '../../bedrock/model-check.js';
import { recordRefusedSettings, saveSettings } from '../../chat/settings-change.js';
import { readSettingsSubmission, SETTINGS_VIEW, settingsView } from '../../chat/settings-view.js';
import { toStrataError } from '../../errors.js';
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
    // The modal needs the command's trigger_id, which Slack honours for 3 s only.
    runsBeforeAck: () => true,
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

interface SettingsViewDeps {
  /** Settings changes and refused attempts are audited. */
  audit?: Pick<AuditLog, 'record'> | undefined;
  /** A submitted model id must be one Strata can chat with. */
  models?: ChatModelCheck | undefined;
}

const metadata = z.object({ channel: z.string().regex(/^[CDG][A-Z0-9]+$/) });

export function registerSettingsView(app: App, deps: SettingsDeps & SettingsViewDeps): void {
  const { settings, admins, logger } = deps;
  const changes = { store: settings, audit: deps.audit };
  app.view(SETTINGS_VIEW, async ({ ack, body, view, client }) => {
    const submission = readSettingsSubmission(
      view.state.values as Parameters<typeof readSettingsSubmission>[0],
    );
    if (!submission.ok) {
      await ack({ response_action: 'errors', errors: submission.errors });
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
    const user = body.user.id;
    const { channel } = parsed.data;
    const change = {
      actor: user,
      scope: { kind: submission.scope, id: submission.scope === 'user' ? user : channel },
      channel,
      settings: submission.settings,
    };
    if (submission.scope === 'channel' && !(await admins.isAdmin(user))) {
      await ack({
        response_action: 'errors',
        errors: { scope: 'Only Strata admins can change a channel’s settings.' },
      });
      await recordRefusedSettings(changes, change, 'not an admin');
      return;
    }
    const modelId = submission.settings.modelId;
    const model = modelId === undefined ? undefined : await deps.models?.check(modelId);
    if (model !== undefined && !model.ok) {
      await ack({ response_action: 'errors', errors: { modelId: model.problem.replaceAll('`', '') } });
      return;
    }
    await ack();
    try {
      await saveSettings(changes, change);
    } catch (error) {
      const failure = toStrataError(error);
      logger.error({ err: failure, user, channel, scope: submission.scope }, 'chat settings not saved');
      await client.chat.postEphemeral({ channel, user, text: failure.toSlackText() });
      return;
    }
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
