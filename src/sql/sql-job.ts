import type { SqlCommand } from './command/parse-command.js';

/** The SQL feature's slow work, handed from Slack handlers to the work queue (plain data: it may travel over SQS). */
export type SqlTask =
  | {
      type: 'question';
      channel: string;
      user: string;
      question: string;
      /** Set when asked inside a thread (a mention); a /sql command starts a new thread. */
      threadTs?: string;
      responseUrl?: string;
      /** Regenerate: the query to replace. */
      regenerateOf?: string;
    }
  | {
      type: 'settings';
      channel: string;
      user: string;
      responseUrl: string;
      command: SqlCommand;
    }
  | {
      type: 'schema-file';
      channel: string;
      user: string;
      threadTs: string;
      files: Array<{ id: string; name: string }>;
      /** Text typed with the file, asked once the schema is registered. */
      question?: string;
    }
  | ({ type: 'run' } & QueryAction)
  | ({ type: 'explain' } & QueryAction)
  | ({ type: 'regenerate' } & QueryAction);

/** A button on a posted query: which query, who clicked, and where to answer them privately. */
export interface QueryAction {
  channel: string;
  user: string;
  queryId: string;
  responseUrl?: string;
}

export interface SqlJob {
  kind: 'sql';
  eventId?: string;
  task: SqlTask;
}
