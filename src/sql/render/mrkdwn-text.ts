/** Text people typed (or data) shown in Slack mrkdwn: escapes &, <, > so nothing becomes a mention or link. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mrkdwn code block whose content cannot close the fence early. */
export function codeBlock(text: string): string {
  return `\`\`\`\n${escapeText(text).replace(/```/g, 'ʼʼʼ')}\n\`\`\``;
}

/** Inline code for a short value (identifiers, file names). */
export function inlineCode(text: string): string {
  return `\`${escapeText(text).replace(/`/g, 'ʼ')}\``;
}

/** A quoted question, cut to a readable length. */
export function quoteQuestion(question: string, max = 600): string {
  const cut = question.length > max ? `${question.slice(0, max - 1)}…` : question;
  return cut
    .split('\n')
    .map((line) => `> ${escapeText(line)}`)
    .join('\n');
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : many}`;
}
