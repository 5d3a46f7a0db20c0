// Shared page state and the lookups every renderer needs.

export const $ = (id) => document.getElementById(id);
export const botUserId = 'U0STRATA';
const avatarColors = ['#e8912d', '#2bac76', '#1264a3', '#e01e5a', '#4a154b', '#36c5f0', '#9e3997'];

export const state = {
  me: localStorage.getItem('strata.user') || 'U0ALICE',
  team: { name: 'Strata Local' },
  users: new Map(),
  channels: [],
  commands: [], // the app's slash commands, from its manifest
  messages: new Map(), // channel -> Map(ts -> message)
  statuses: new Map(), // `${channel}/${thread_ts}` -> status
  views: [], // the person's modal stack, bottom first
  unread: new Set(),
  current: undefined,
  thread: undefined, // parent ts of the open thread
  highlight: undefined,
  source: undefined,
  membersOpen: false,
};

export const lookup = {
  userName: (id) => state.users.get(id)?.name ?? id,
  channelName: (id) => state.channels.find((c) => c.id === id)?.name ?? id,
};

export function channelMessages(channel) {
  if (!state.messages.has(channel)) state.messages.set(channel, new Map());
  return state.messages.get(channel);
}

export function store(message) {
  channelMessages(message.channel).set(message.ts, message);
}

export function currentChannel() {
  return state.channels.find((c) => c.id === state.current);
}

export function displayName(userId) {
  if (userId === botUserId) return 'Strata';
  if (userId === 'USLACKBOT') return 'Slackbot';
  const user = state.users.get(userId);
  return user?.real_name || user?.name || userId;
}

export function avatarColor(userId) {
  if (userId === botUserId) return '#4a154b';
  let hash = 0;
  for (const c of userId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return avatarColors[hash % avatarColors.length];
}

export function channelLabel(c) {
  return c.is_im ? (c.user === state.me ? 'Strata' : displayName(c.user)) : c.name;
}
