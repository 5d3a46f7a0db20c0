// The emoji short names Strata and its tests use; unknown names stay as :name:.
const emoji = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  stopwatch: '⏱️',
  rocket: '🚀',
  tada: '🎉',
  eyes: '👀',
  bulb: '💡',
  memo: '📝',
  page_facing_up: '📄',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  robot_face: '🤖',
  sparkles: '✨',
  mag: '🔍',
  gear: '⚙️',
  information_source: 'ℹ️',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  no_entry: '⛔',
  stop_sign: '🛑',
  frame_with_picture: '🖼️',
  art: '🎨',
  books: '📚',
  link: '🔗',
  wave: '👋',
  thinking_face: '🤔',
  heart: '❤️',
  fire: '🔥',
  floppy_disk: '💾',
  file_folder: '📁',
  clipboard: '📋',
  moneybag: '💰',
  speech_balloon: '💬',
};

export function emojiFor(name) {
  return emoji[name];
}

/** Replaces :short_name: in already-escaped HTML text. */
export function replaceEmoji(html) {
  return html.replace(/:([a-z0-9_+-]+):/g, (match, name) => emoji[name] ?? match);
}
