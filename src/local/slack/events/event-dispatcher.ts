import type { BotActivity } from '../web-api/method-context.js';
import type { Workspace } from '../workspace.js';
import type { SlackMessage, StoredMessage } from '../workspace-types.js';
import {
  buildEnvelope,
  fileSharedEvents,
  messageChangedEvent,
  messageDeletedEvent,
  newMessageEvents,
} from './event-builder.js';
import type { Delivery, EventSender } from './event-sender.js';

/**
 * Turns workspace activity into Events API deliveries. People's actions await the first attempt of each
 * delivery (in order); the bot's own actions are delivered in the background, as Slack does.
 */
export class EventDispatcher implements BotActivity {
  constructor(
    private readonly workspace: Workspace,
    private readonly sender: EventSender,
    private readonly now: () => number,
  ) {}

  posted(stored: StoredMessage): void {
    for (const event of newMessageEvents(this.workspace, stored)) this.background(event);
  }

  changed(stored: StoredMessage, previous: SlackMessage): void {
    const event = messageChangedEvent(this.workspace, stored, previous, this.workspace.nextTs());
    if (event) this.background(event);
  }

  deleted(channel: string, previous: StoredMessage): void {
    const event = messageDeletedEvent(this.workspace, channel, previous.message, this.workspace.nextTs());
    if (event) this.background(event);
  }

  userPosted(stored: StoredMessage): Promise<Delivery[]> {
    return this.inOrder(newMessageEvents(this.workspace, stored));
  }

  /** A person's file share: the `message` (subtype file_share, maybe `app_mention`), then `file_shared`. */
  userSharedFile(stored: StoredMessage): Promise<Delivery[]> {
    return this.inOrder([
      ...newMessageEvents(this.workspace, stored),
      ...fileSharedEvents(this.workspace, stored),
    ]);
  }

  userChanged(stored: StoredMessage, previous: SlackMessage): Promise<Delivery[]> {
    return this.inOrder([messageChangedEvent(this.workspace, stored, previous, this.workspace.nextTs())]);
  }

  userDeleted(channel: string, previous: SlackMessage): Promise<Delivery[]> {
    return this.inOrder([messageDeletedEvent(this.workspace, channel, previous, this.workspace.nextTs())]);
  }

  private background(event: Record<string, unknown>): void {
    this.sender.sendInBackground(buildEnvelope(this.workspace, event, this.now()));
  }

  private async inOrder(events: (Record<string, unknown> | undefined)[]): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (const event of events) {
      if (!event) continue;
      const delivery = await this.sender.send(buildEnvelope(this.workspace, event, this.now()));
      if (delivery) deliveries.push(delivery);
    }
    return deliveries;
  }
}
