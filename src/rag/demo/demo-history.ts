import { generateMessage, pick, seededRandom, TOPICS, type Topic } from './message-generator.js';

/**
 * The local demo workspace's history: a few hundred messages in four channels, so `/ask` has something to
 * answer from on first start. A handful of threads carry real decisions (the Q3 launch date, the session
 * store, the refund policy…); the rest is generated chatter. #leadership is private: only its members'
 * answers may use it.
 */

export interface DemoPerson {
  id: string;
  name: string;
  realName: string;
}

export interface DemoChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** People ids (Strata is added by the seeder). */
  members: readonly string[];
  topics: readonly string[];
}

export interface DemoMessage {
  channel: string;
  user: string;
  text: string;
  /** Replies of this message, in order. */
  replies?: Array<{ user: string; text: string }>;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { id: 'U0PRIYA', name: 'priya', realName: 'Priya Shah' },
  { id: 'U0MARCUS', name: 'marcus', realName: 'Marcus Lee' },
  { id: 'U0JEN', name: 'jen', realName: 'Jen Okafor' },
];

const everyone = ['U0ALICE', 'U0BOB', 'U0ADMIN', 'U0PRIYA', 'U0MARCUS', 'U0JEN'];

export const DEMO_CHANNELS: readonly DemoChannel[] = [
  {
    id: 'C0LAUNCH',
    name: 'launch',
    isPrivate: false,
    members: everyone,
    topics: ['launch', 'design', 'mobile'],
  },
  {
    id: 'C0ENG',
    name: 'engineering',
    isPrivate: false,
    members: everyone,
    topics: ['engineering', 'incidents', 'data', 'security'],
  },
  { id: 'C0SUPPORT', name: 'support', isPrivate: false, members: everyone, topics: ['support', 'sales'] },
  // The seeded private channel: Dana and Alice only (and Strata).
  {
    id: 'G0LEADERS',
    name: 'leadership',
    isPrivate: true,
    members: ['U0ADMIN', 'U0ALICE'],
    topics: ['finance', 'hiring'],
  },
];

const DECISIONS: readonly DemoMessage[] = [
  {
    channel: 'C0LAUNCH',
    user: 'U0ALICE',
    text: "When are we launching the Q3 release? I've heard both September 7 and September 14.",
    replies: [
      {
        user: 'U0PRIYA',
        text: 'September 7 was the original plan, but QA found blockers in the billing migration.',
      },
      {
        user: 'U0ADMIN',
        text: 'Decision: the Q3 launch date is Tuesday, September 16. QA gets the extra week for billing; the press embargo lifts at 9am PT that day.',
      },
      {
        user: 'U0BOB',
        text: 'Updated the <https://wiki.example.com/launch-checklist|launch checklist> with the new date.',
      },
    ],
  },
  {
    channel: 'C0LAUNCH',
    user: 'U0MARCUS',
    text: 'Pricing page copy is final: Starter is $12 per seat, Team is $29 per seat, Enterprise is "contact sales".',
  },
  {
    channel: 'C0LAUNCH',
    user: 'U0JEN',
    text: 'Beta feedback summary: 38 teams replied. Top asks are SSO, CSV export and dark mode.',
    replies: [
      { user: 'U0ALICE', text: 'CSV export makes the launch; SSO moves to Q4; dark mode is a stretch goal.' },
    ],
  },
  {
    channel: 'C0ENG',
    user: 'U0BOB',
    text: 'Proposal: move session storage from Postgres to DynamoDB.',
    replies: [
      { user: 'U0PRIYA', text: '+1, we need TTL and sessions are 80% of our write load.' },
      {
        user: 'U0ADMIN',
        text: 'Approved. Decision: DynamoDB with on-demand capacity and TTL on sessions. <@U0BOB> owns the migration, target is the end of the month.',
      },
    ],
  },
  {
    channel: 'C0ENG',
    user: 'U0MARCUS',
    text: 'Here is the retry wrapper we agreed on for outbound calls:\n```\nexport async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 1; ; i++) {\n    try { return await fn(); } catch (e) { if (i >= attempts) throw e; await sleep(2 ** i * 100); }\n  }\n}\n```',
  },
  {
    channel: 'C0ENG',
    user: 'U0JEN',
    text: "Postmortem for Tuesday's checkout outage: an expired payment webhook secret caused 502s for 12 minutes. Action items: rotate webhook secrets automatically and alert on webhook 4xx rates.",
  },
  {
    channel: 'C0ENG',
    user: 'U0PRIYA',
    text: 'On-call this week is Omar; next week it is me. Swap requests go in #engineering.',
  },
  {
    channel: 'C0SUPPORT',
    user: 'U0ADMIN',
    text: 'Refund policy reminder: monthly plans are refundable within 14 days. Annual plans get a prorated refund within 30 days, approved by finance.',
  },
  {
    channel: 'C0SUPPORT',
    user: 'U0JEN',
    text: 'What is our SLA for enterprise tickets again?',
    replies: [
      { user: 'U0ALICE', text: 'First response within 4 business hours; P1 incidents within 1 hour, 24/7.' },
    ],
  },
  {
    channel: 'G0LEADERS',
    user: 'U0ADMIN',
    text: 'Confidential: the board approved the Q3 budget at $1.2M. Hiring is frozen for non-engineering roles until October.',
  },
  {
    channel: 'G0LEADERS',
    user: 'U0ALICE',
    text: 'Between us: if the billing migration slips again, the launch moves to September 30. Not to be shared outside this channel yet.',
  },
];

/** Every demo message, oldest first: generated chatter with the decisions placed among it. */
export function demoHistory(seed = 2026): DemoMessage[] {
  const random = seededRandom(seed);
  const out: DemoMessage[] = [];
  const decisions = [...DECISIONS];
  for (const channel of DEMO_CHANNELS) {
    const topics = channel.topics.flatMap((name) => TOPICS.filter((t) => t.name === name));
    const count = channel.isPrivate ? 40 : 70;
    for (let i = 0; i < count; i++) out.push(chatter(random, channel, topics));
  }
  // Shuffle deterministically, then spread the decisions through the timeline.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as DemoMessage, out[i] as DemoMessage];
  }
  decisions.forEach((decision, i) => {
    out.splice(Math.floor(((i + 1) * out.length) / (decisions.length + 1)), 0, decision);
  });
  return out;
}

function chatter(random: () => number, channel: DemoChannel, topics: readonly Topic[]): DemoMessage {
  const topic = pick(random, topics);
  const message: DemoMessage = {
    channel: channel.id,
    user: pick(random, channel.members),
    text: generateMessage(random, topic),
  };
  if (random() < 0.12) {
    const replies = 1 + Math.floor(random() * 3);
    message.replies = Array.from({ length: replies }, () => ({
      user: pick(random, channel.members),
      text: generateMessage(random, topic),
    }));
  }
  return message;
}
