import type { Workspace } from '../workspace.js';
import { bot } from '../workspace-seed.js';
import type { SlackChannel, SlackUser, StoredMessage } from '../workspace-types.js';
import type { ModalView } from './view-types.js';

/** Request bodies Slack sends for slash commands and interactivity (field sets as in Bolt's types). */

const verificationToken = 'local-verification-token';

function team(workspace: Workspace) {
  return { id: workspace.team.id, domain: workspace.team.domain };
}

function person(user: SlackUser) {
  return { id: user.id, username: user.name, name: user.name, team_id: user.team_id };
}

/** Slack names DMs "directmessage" in command and action payloads. */
function channelName(channel: SlackChannel): string {
  return channel.is_im ? 'directmessage' : channel.name;
}

export function commandForm(input: {
  workspace: Workspace;
  user: SlackUser;
  channel: SlackChannel;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}): URLSearchParams {
  const { workspace, user, channel } = input;
  return new URLSearchParams({
    token: verificationToken,
    team_id: workspace.team.id,
    team_domain: workspace.team.domain,
    channel_id: channel.id,
    channel_name: channelName(channel),
    user_id: user.id,
    user_name: user.name,
    command: input.command,
    text: input.text,
    api_app_id: bot.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  });
}

export interface ButtonHit {
  blockId: string;
  element: Record<string, unknown>;
}

export function blockActionsPayload(input: {
  workspace: Workspace;
  user: SlackUser;
  channel: SlackChannel;
  stored: StoredMessage;
  button: ButtonHit;
  value: string | undefined;
  responseUrl: string;
  triggerId: string;
  actionTs: string;
}): Record<string, unknown> {
  const { workspace, user, channel, stored, button } = input;
  const ephemeral = stored.ephemeralUser !== undefined;
  const { message } = stored;
  const action: Record<string, unknown> = {
    type: 'button',
    action_id: button.element.action_id,
    block_id: button.blockId,
    text: button.element.text,
    action_ts: input.actionTs,
  };
  if (input.value !== undefined) action.value = input.value;
  if (typeof button.element.style === 'string') action.style = button.element.style;
  const container: Record<string, unknown> = {
    type: 'message',
    message_ts: message.ts,
    channel_id: channel.id,
    is_ephemeral: ephemeral,
  };
  if (message.thread_ts !== undefined) container.thread_ts = message.thread_ts;
  return {
    type: 'block_actions',
    user: person(user),
    api_app_id: bot.appId,
    token: verificationToken,
    container,
    trigger_id: input.triggerId,
    team: team(workspace),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channelName(channel) },
    // Slack leaves the message out for ephemeral messages: the app has to remember what it sent.
    ...(ephemeral ? {} : { message }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [action],
  };
}

export function viewSubmissionPayload(input: {
  workspace: Workspace;
  user: SlackUser;
  view: ModalView;
  triggerId: string;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: team(input.workspace),
    user: person(input.user),
    api_app_id: bot.appId,
    token: verificationToken,
    trigger_id: input.triggerId,
    view: input.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(input: {
  workspace: Workspace;
  user: SlackUser;
  view: ModalView;
  isCleared: boolean;
}): Record<string, unknown> {
  return {
    type: 'view_closed',
    team: team(input.workspace),
    user: person(input.user),
    api_app_id: bot.appId,
    token: verificationToken,
    view: input.view,
    is_cleared: input.isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Buttons of a message: in actions blocks, as section accessories, and inside attachments' blocks. */
export function findButton(stored: StoredMessage, actionId: string): ButtonHit | undefined {
  const attachmentBlocks = (stored.message.attachments ?? []).flatMap((a) =>
    typeof a === 'object' && a !== null && Array.isArray((a as { blocks?: unknown }).blocks)
      ? ((a as { blocks: unknown[] }).blocks ?? [])
      : [],
  );
  const blocks = [...(stored.message.blocks ?? []), ...attachmentBlocks];
  for (const [index, raw] of blocks.entries()) {
    if (typeof raw !== 'object' || raw === null) continue;
    const block = raw as Record<string, unknown>;
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      ...(block.accessory ? [block.accessory] : []),
    ];
    for (const candidate of candidates) {
      if (typeof candidate !== 'object' || candidate === null) continue;
      const element = candidate as Record<string, unknown>;
      if (element.type === 'button' && element.action_id === actionId) {
        const blockId = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
        return { blockId, element };
      }
    }
  }
  return undefined;
}
