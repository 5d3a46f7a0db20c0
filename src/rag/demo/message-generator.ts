export { seededRandom } from '../../seeded-random.js';

/**
 * Deterministic, text-like Slack chatter across workplace topics: the filler of the local demo workspace
 * and the corpus of the RAG benchmark. Same seed, same messages. Each topic has its own vocabulary, so
 * embeddings cluster by topic the way real channels do, with the overlap real chatter has.
 */

import { TOPICS, type Topic } from './topics.js';

export { TOPICS, type Topic } from './topics.js';

const PEOPLE = ['Alice', 'Bob', 'Dana', 'Priya', 'Marcus', 'Jen', 'Sam', 'Lee', 'Omar', 'Yuki'];
const WHEN = [
  'today',
  'tomorrow',
  'on Monday',
  'by Friday',
  'next week',
  'this sprint',
  'before the launch',
  'after the freeze',
  'end of month',
  'in Q3',
];
const STATUS = ['blocked', 'on track', 'at risk', 'done', 'in review', 'delayed', 'ready to ship', 'paused'];

const TEMPLATES: ReadonlyArray<(s: Slots) => string> = [
  (s) => `Quick update on the ${s.subject}: ${s.detail}.`,
  (s) => `Is anyone looking at the ${s.subject}? ${s.person} said ${s.detail}.`,
  (s) => `Heads up: the ${s.subject} is ${s.status} ${s.when}, because ${s.detail}.`,
  (s) => `Decision: we will finish the ${s.subject} ${s.when}. ${capitalize(s.detail)}.`,
  (s) => `${s.person}, can you own the ${s.subject}? I think ${s.detail}.`,
  (s) => `Notes from the ${s.subject} sync: ${s.detail}; next step is ${s.other} ${s.when}.`,
  (s) => `The ${s.subject} and the ${s.other} are both ${s.status}. ${capitalize(s.detail)}.`,
  (s) => `+1, ${s.detail}. Let's revisit the ${s.subject} ${s.when}.`,
  (s) => `FYI ${s.detail}. Doc for the ${s.subject}: https://wiki.example.com/${slug(s.subject)}`,
  (s) => `Can we move the ${s.subject} ${s.when}? ${capitalize(s.detail)}, so I'd rather wait.`,
];

interface Slots {
  subject: string;
  other: string;
  detail: string;
  person: string;
  when: string;
  status: string;
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** One chat message about `topic`; sometimes it borrows a subject from a neighbouring topic, as people do. */
export function generateMessage(random: () => number, topic: Topic): string {
  const neighbour = random() < 0.15 ? pick(random, TOPICS) : topic;
  const slots: Slots = {
    subject: pick(random, topic.subjects),
    other: pick(random, neighbour.subjects),
    detail: pick(random, topic.details),
    person: pick(random, PEOPLE),
    when: pick(random, WHEN),
    status: pick(random, STATUS),
  };
  const text = pick(random, TEMPLATES)(slots);
  // Real messages carry specifics (ticket numbers, versions, times) and often a second thought.
  const roll = random();
  if (roll < 0.25) return `${text} ${pick(random, SPECIFICS)(random)}`;
  if (roll < 0.45) return `${text} ${generateFollowUp(random, topic)}`;
  return text;
}

function generateFollowUp(random: () => number, topic: Topic): string {
  return pick(random, [
    `Also, ${pick(random, topic.details)}.`,
    `${pick(random, PEOPLE)} will check the ${pick(random, topic.subjects)} ${pick(random, WHEN)}.`,
    `Not urgent, but the ${pick(random, topic.subjects)} needs an owner.`,
  ]);
}

const SPECIFICS: ReadonlyArray<(random: () => number) => string> = [
  (r) => `Ticket ${1000 + Math.floor(r() * 9000)}.`,
  (r) => `See v${1 + Math.floor(r() * 4)}.${Math.floor(r() * 20)}.${Math.floor(r() * 10)}.`,
  (r) => `ETA ${1 + Math.floor(r() * 11)}:${r() < 0.5 ? '00' : '30'}.`,
  (r) => `${Math.floor(r() * 100)} percent done.`,
];

/** A question someone might ask about `topic`, for benchmark queries. */
export function generateQuestion(random: () => number, topic: Topic): string {
  const subject = pick(random, topic.subjects);
  return pick(random, [
    `what did we decide about the ${subject}?`,
    `what is the status of the ${subject}?`,
    `who is working on the ${subject} and when is it due?`,
    `why is the ${subject} ${pick(random, STATUS)}?`,
  ]);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
