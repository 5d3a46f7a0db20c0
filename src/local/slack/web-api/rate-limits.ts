/** One token bucket: `burst` calls at once, refilled at `perMinute`; per channel or per workspace. */
export interface RateLimitRule {
  perMinute: number;
  burst: number;
  /** One bucket per channel (chat.postMessage's ~1/s per channel) instead of one per workspace. */
  perChannel?: boolean;
}

export interface RateLimits {
  /** Rules per method, merged over the defaults; every rule of a method must have room for a call. */
  methods?: Record<string, RateLimitRule | RateLimitRule[]>;
  /** Methods without rules; default Tier 3. */
  fallback?: RateLimitRule;
}

/** Slack's tiers per method per workspace (docs: "N+ per minute", short bursts allowed). */
export const tiers = {
  tier1: { perMinute: 1, burst: 1 },
  tier2: { perMinute: 20, burst: 5 },
  tier3: { perMinute: 50, burst: 10 },
  tier4: { perMinute: 100, burst: 20 },
  special: { perMinute: 600, burst: 100 },
} as const satisfies Record<string, RateLimitRule>;

const { tier2, tier3, tier4, special } = tiers;

/** Defaults used when rate limits are on (`npm start`); per-method tiers as Slack documents them. */
export const defaultRateLimits: Required<RateLimits> = {
  fallback: tier3,
  methods: {
    'auth.test': special,
    'chat.postMessage': [
      { perMinute: 60, burst: 3, perChannel: true },
      { perMinute: 300, burst: 50 },
    ],
    'chat.update': tier3,
    'chat.delete': tier3,
    'chat.postEphemeral': tier4,
    'chat.getPermalink': special,
    'chat.startStream': tier2,
    'chat.appendStream': tier4,
    'chat.stopStream': tier2,
    'assistant.threads.setStatus': { perMinute: 60, burst: 10, perChannel: true },
    'assistant.threads.setTitle': tier3,
    'assistant.threads.setSuggestedPrompts': tier3,
    'conversations.history': tier3,
    'conversations.replies': tier3,
    'conversations.info': tier3,
    'conversations.join': tier3,
    'conversations.open': tier3,
    'conversations.members': tier4,
    'conversations.list': tier2,
    'users.info': tier4,
    'users.list': tier2,
    'usergroups.list': tier2,
    'usergroups.users.list': tier2,
    'reactions.add': tier3,
    'reactions.remove': tier3,
    'files.getUploadURLExternal': tier4,
    'files.completeUploadExternal': tier4,
    'files.info': tier4,
    'views.open': tier4,
    'views.update': tier4,
    'views.push': tier4,
  },
};
