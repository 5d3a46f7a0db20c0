import type { ServerResponse } from 'node:http';
import type { ViewStore } from '../interactivity/view-store.js';
import type { Workspace } from '../workspace.js';
import type { WorkspaceChange } from '../workspace-types.js';
import { canSeeMessage, messageView } from './message-view.js';

interface Subscriber {
  userId: string;
  res: ServerResponse;
}

/** Server-Sent Events: each open page gets the changes its user may see, and its user's modals. */
export class LiveUpdates {
  private readonly subscribers = new Set<Subscriber>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeViews: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly workspace: Workspace,
    views: ViewStore,
  ) {
    this.unsubscribe = workspace.onChange((change) => this.broadcast(change));
    this.unsubscribeViews = views.onChange((user) => {
      const data = JSON.stringify({ views: views.stack(user) });
      for (const s of this.subscribers)
        if (s.userId === user) s.res.write(`event: views_changed\ndata: ${data}\n\n`);
    });
    this.heartbeat = setInterval(() => {
      for (const s of this.subscribers) s.res.write(': ping\n\n');
    }, 20_000);
    this.heartbeat.unref();
  }

  subscribe(userId: string, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n: connected\n\n');
    const subscriber = { userId, res };
    this.subscribers.add(subscriber);
    res.on('close', () => this.subscribers.delete(subscriber));
  }

  close(): void {
    this.unsubscribe();
    this.unsubscribeViews();
    clearInterval(this.heartbeat);
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }

  private broadcast(change: WorkspaceChange): void {
    for (const { userId, res } of this.subscribers) {
      const payload = this.payloadFor(userId, change);
      if (payload !== undefined) res.write(`event: ${change.type}\ndata: ${JSON.stringify(payload)}\n\n`);
    }
  }

  private payloadFor(userId: string, change: WorkspaceChange): unknown {
    switch (change.type) {
      case 'message_added':
      case 'message_changed':
        return canSeeMessage(this.workspace, userId, change.stored) ? messageView(change.stored) : undefined;
      case 'message_deleted':
        return canSeeMessage(this.workspace, userId, change.previous)
          ? { channel: change.channel, ts: change.ts }
          : undefined;
      case 'status_changed':
        return this.workspace.canSee(userId, change.status.channel) ? change.status : undefined;
      case 'channel_changed':
        return this.workspace.canSee(userId, change.channel.id)
          ? { id: change.channel.id, members: [...change.channel.members] }
          : undefined;
    }
  }
}
