import type { Params } from './params.js';
import { defaultRateLimits, type RateLimitRule, type RateLimits } from './rate-limits.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets per method (and per channel where the rule says so), on the emulator's clock. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly methods: Record<string, RateLimitRule | RateLimitRule[]>;
  private readonly fallback: RateLimitRule;

  constructor(
    limits: RateLimits,
    private readonly now: () => number,
  ) {
    this.methods = { ...defaultRateLimits.methods, ...limits.methods };
    this.fallback = limits.fallback ?? defaultRateLimits.fallback;
  }

  /** Takes one call from every bucket of the method; when one is empty, nothing is taken. */
  take(method: string, params: Params): { retryAfterSeconds: number } | undefined {
    const rules = [this.methods[method] ?? this.fallback].flat();
    const channel = channelOf(params);
    const now = this.now();
    const buckets = rules.map((rule) => {
      const key = rule.perChannel ? `${method} ${channel}` : method;
      return { rule, bucket: this.refilled(key, rule, now) };
    });
    const empty = buckets.filter(({ bucket }) => bucket.tokens < 1);
    if (empty.length > 0) {
      const waitMs = Math.max(
        ...empty.map(({ rule, bucket }) => ((1 - bucket.tokens) * 60_000) / rule.perMinute),
      );
      return { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    for (const { bucket } of buckets) bucket.tokens -= 1;
    return undefined;
  }

  private refilled(key: string, rule: RateLimitRule, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: rule.burst, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(rule.burst, bucket.tokens + (elapsed * rule.perMinute) / 60_000);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

function channelOf(params: Params): string {
  const value = params.channel ?? params.channel_id;
  return typeof value === 'string' ? value : '';
}
