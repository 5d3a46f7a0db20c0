import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { AgentTraceStep } from '../bedrock/agent-parts.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';

const LINE_TEXT = 280;
const SECTION_TEXT = 2_900;
const MAX_SECTIONS = 45;

/** One readable line per step: what the agent thought, which action it called with what, what came back. */
export function traceLines(steps: readonly AgentTraceStep[]): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    const line = traceLine(step);
    if (line !== undefined) lines.push(`${lines.length + 1}. ${line}`);
  }
  return lines;
}

function traceLine(step: AgentTraceStep): string | undefined {
  switch (step.kind) {
    case 'rationale':
      return `:thought_balloon: _${quote(step.text)}_`;
    case 'action': {
      const params = step.parameters.map((p) => `${escapeMrkdwn(p.name)}=\`${code(p.value)}\``).join(', ');
      const where = step.execution === 'return-control' ? ' (handed to Strata)' : '';
      return `:gear: Called \`${code(`${step.actionGroup}.${step.operation}`)}\`${where}${params ? ` with ${params}` : ''}`;
    }
    case 'knowledge-base':
      return `:books: Searched knowledge base${step.knowledgeBaseId ? ` \`${code(step.knowledgeBaseId)}\`` : ''} for “${quote(step.query)}”`;
    case 'collaborator':
      return `:handshake: Asked agent *${escapeMrkdwn(step.name)}*: “${quote(step.input)}”`;
    case 'code':
      return `:abacus: Ran code (${step.code.split('\n').length} lines)`;
    case 'observation':
      return `:page_facing_up: ${observationLabel(step.source)}: \`${code(step.text)}\``;
    case 'reprompt':
      return `:leftwards_arrow_with_hook: Asked again: _${quote(step.text)}_`;
    case 'final':
      return ':white_check_mark: Answered';
    case 'guardrail':
      return `:shield: Guardrail: ${escapeMrkdwn(step.action.toLowerCase().replace(/_/g, ' '))}`;
    case 'failure':
      return `:warning: Failed: ${quote(step.reason)}`;
  }
}

function observationLabel(source: Extract<AgentTraceStep, { kind: 'observation' }>['source']): string {
  switch (source) {
    case 'action':
      return 'Result';
    case 'knowledge-base':
      return 'Knowledge base';
    case 'collaborator':
      return 'Agent replied';
    case 'code':
      return 'Code output';
  }
}

/** The steps as Block Kit: a heading, then the lines grouped into sections under Slack's limits. */
export function renderTrace(steps: readonly AgentTraceStep[]): { text: string; blocks: KnownBlock[] } {
  const lines = traceLines(steps);
  if (lines.length === 0) {
    const text = 'The agent reported no steps for this answer (tracing may be off for this agent).';
    return { text, blocks: [section(text)] };
  }
  const actions = steps.filter((s) => s.kind === 'action').length;
  const heading = `*How the agent got there* · ${lines.length} step${lines.length === 1 ? '' : 's'}, ${actions} action${actions === 1 ? '' : 's'}`;
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + line.length + 1 > SECTION_TEXT) {
      sections.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') sections.push(current);
  const shown = sections.slice(0, MAX_SECTIONS);
  const blocks: KnownBlock[] = [section(heading), ...shown.map(section)];
  if (shown.length < sections.length)
    blocks.push(context('Later steps were left out to fit in one message.'));
  return { text: `${heading}\n${lines.join('\n')}`.slice(0, 3_000), blocks };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > LINE_TEXT ? `${flat.slice(0, LINE_TEXT)}…` : flat;
}

/** Text inside _…_ or quotes: escaped, shortened, and without characters that would end the styling. */
function quote(text: string): string {
  return escapeMrkdwn(shorten(text)).replace(/_/g, ' ');
}

/** Text inside `…`: escaped and shortened, backticks swapped so the span can't be closed early. */
function code(text: string): string {
  return escapeMrkdwn(shorten(text)).replace(/`/g, 'ˋ');
}

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
