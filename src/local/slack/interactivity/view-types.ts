/** Shapes of modals as Slack sends them in views.* responses and view_submission payloads. */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** One input's value in `view.state.values[block_id][action_id]`. */
export type StateValue = { type: string } & Record<string, unknown>;

export type StateValues = Record<string, Record<string, StateValue>>;

export interface ModalView {
  id: string;
  team_id: string;
  type: 'modal';
  title: PlainText;
  blocks: Record<string, unknown>[];
  close: PlainText | null;
  submit: PlainText | null;
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: StateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  submit_disabled: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}
