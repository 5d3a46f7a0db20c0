import { randomBytes } from 'node:crypto';
import { SlackApiError } from '../web-api/api-error.js';

export interface Trigger {
  user: string;
  channel?: string;
  issuedAt: number;
  used: boolean;
}

/** Slack's trigger_ids: issued by a person's interaction, valid for 3 seconds, exchangeable once. */
export class Triggers {
  private readonly byId = new Map<string, Trigger>();
  private counter = 0;

  constructor(
    private readonly now: () => number,
    private readonly lifetimeMs = 3000,
  ) {}

  issue(user: string, channel?: string): string {
    this.counter += 1;
    const seconds = Math.floor(this.now() / 1000);
    const id = `${seconds}.${this.counter}.${randomBytes(16).toString('hex')}`;
    this.byId.set(id, { user, ...(channel ? { channel } : {}), issuedAt: this.now(), used: false });
    this.forgetOld();
    return id;
  }

  /**
   * views.open / views.push: runs `use` with a valid trigger and marks it exchanged if `use` succeeds.
   * Errors: `invalid_trigger_id`, `expired_trigger_id`, `trigger_exchanged`.
   */
  exchange<T>(id: string | undefined, use: (trigger: Trigger) => T): T {
    const trigger = id === undefined ? undefined : this.byId.get(id);
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (this.now() - trigger.issuedAt > this.lifetimeMs) throw new SlackApiError('expired_trigger_id');
    if (trigger.used) throw new SlackApiError('trigger_exchanged');
    const result = use(trigger);
    trigger.used = true;
    return result;
  }

  private forgetOld(): void {
    const horizon = this.now() - 10 * 60_000;
    for (const [id, trigger] of this.byId) if (trigger.issuedAt < horizon) this.byId.delete(id);
  }
}
