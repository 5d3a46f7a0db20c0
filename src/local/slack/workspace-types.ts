/** Shapes of the emulated workspace, as Slack's Web API returns them. */

export interface SlackTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  is_admin: boolean;
  deleted: boolean;
  tz: string;
  profile: {
    real_name: string;
    display_name: string;
    bot_id?: string;
    api_app_id?: string;
  };
}

export interface SlackChannel {
  id: string;
  name: string;
  created: number;
  creator: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  /** For DMs: the person at the other end of the conversation with the bot. */
  user?: string;
  members: string[];
}

export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  user: string;
  url_private: string;
  url_private_download: string;
  permalink: string;
  /** Epoch seconds. */
  created?: number;
  timestamp?: number;
  pretty_type?: string;
  /** Text files: the first lines, as Slack shows them under the file name. */
  preview?: string;
  lines?: number;
  lines_more?: number;
  is_public?: boolean;
  mode?: string;
}

export interface SlackMessage {
  type: 'message';
  ts: string;
  user: string;
  text: string;
  team: string;
  subtype?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  files?: SlackFile[];
  bot_id?: string;
  app_id?: string;
  bot_profile?: { id: string; app_id: string; name: string; team_id: string };
  client_msg_id?: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  metadata?: unknown;
  reactions?: SlackReaction[];
  /** A person's file share (subtype file_share). */
  upload?: boolean;
  display_as_bot?: boolean;
}

/** A message plus what only the emulator knows about it. */
export interface StoredMessage {
  channel: string;
  message: SlackMessage;
  /** chat.postEphemeral: only this user sees it; never in history. */
  ephemeralUser?: string;
  /** chat.startStream messages: 'active' until chat.stopStream. */
  streaming?: 'active' | 'stopped';
}

export interface ThreadStatus {
  channel: string;
  thread_ts: string;
  status: string;
}

export type WorkspaceChange =
  | { type: 'message_added'; stored: StoredMessage }
  | { type: 'message_changed'; stored: StoredMessage; previous: SlackMessage }
  | { type: 'message_deleted'; channel: string; ts: string; previous: StoredMessage }
  | { type: 'status_changed'; status: ThreadStatus }
  | { type: 'channel_changed'; channel: SlackChannel };

/** What is written to the data file. */
export interface WorkspaceSnapshot {
  version: 1;
  lastTsMicros: number;
  team: SlackTeam;
  users: SlackUser[];
  channels: SlackChannel[];
  messages: StoredMessage[];
}
