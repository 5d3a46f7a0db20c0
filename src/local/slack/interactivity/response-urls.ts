import { randomBytes } from 'node:crypto';
import type { ReplyTarget } from './bot-replies.js';

interface ResponseUrl {
  target: ReplyTarget;
  createdAt: number;
  uses: number;
}

export type ResponseUrlUse = { ok: true; target: ReplyTarget } | { ok: false; error: string };

/** response_url bookkeeping: 5 uses within 30 minutes, then `used_url` / `expired_url`. */
export class ResponseUrls {
  private readonly byId = new Map<string, ResponseUrl>();

  constructor(
    private readonly now: () => number,
    private readonly maxUses = 5,
    private readonly lifetimeMs = 30 * 60_000,
  ) {}

  /** A new id; the URL is `${baseUrl}/response/<id>`. */
  create(target: ReplyTarget): string {
    const id = randomBytes(12).toString('hex');
    this.byId.set(id, { target, createdAt: this.now(), uses: 0 });
    return id;
  }

  use(id: string): ResponseUrlUse {
    const entry = this.byId.get(id);
    if (!entry) return { ok: false, error: 'no_service' };
    if (this.now() - entry.createdAt > this.lifetimeMs) return { ok: false, error: 'expired_url' };
    if (entry.uses >= this.maxUses) return { ok: false, error: 'used_url' };
    entry.uses += 1;
    return { ok: true, target: entry.target };
  }
}
