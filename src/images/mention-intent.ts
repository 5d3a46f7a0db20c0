import type { Extend } from '../bedrock/images.js';
import { badInput, type OptionName, splitOptions, unescapeSlack } from './image-options.js';
import { findStyle, type StylePreset, styleInText, styleNames } from './image-styles.js';

/** What a mention asks Strata to do to the image in its thread. */
export type EditIntent =
  | { operation: 'image-to-image'; prompt: string }
  /** No maskPrompt: use the mask image uploaded to the thread. */
  | { operation: 'inpaint'; prompt: string; maskPrompt?: string }
  | { operation: 'outpaint'; prompt: string; sides: Array<keyof Extend> }
  | { operation: 'remove-background' }
  | { operation: 'style-transfer'; prompt: string; style?: StylePreset; fromImage?: 'other' | 'first' }
  | { operation: 'variation'; prompt: string }
  | { operation: 'upscale' };

/** Which image the person pointed at, by a link to the file or to its message. */
export interface ImageReference {
  fileId?: string;
  messageTs?: string;
  channel?: string;
}

export type MentionIntent =
  | { kind: 'draw'; text: string }
  | {
      kind: 'edit';
      edit: EditIntent;
      options: Partial<Record<OptionName, string>>;
      /** Clearly about an image: worth saying so when the thread has none. */
      explicit: boolean;
      reference: ImageReference;
    }
  | { kind: 'none' };

const editOptions: readonly OptionName[] = ['no', 'seed', 'count', 'model', 'strength', 'style'];
const EDIT_USAGE =
  'In a thread with an image, mention me with what to change, e.g. `make it a watercolor --strength 0.6`, `replace the sky with a sunset`, `extend it to the left`, `remove the background`, `apply the style of the other image`.';

const polite = /^(?:(?:please|pls|can you|could you|would you|will you|kindly|now|ok|okay|hey)[\s,]+)+/i;
const question =
  /^(what|why|how|who|when|where|which|is|are|does|do|did|explain|summari[sz]e|tell me|write|translate|list)\b/i;
const imageWords =
  /\b(image|picture|photo|pic|logo|drawing|illustration|painting|background|sky|mask(ed)?|colou?rs?)\b/i;

/** Cheap check for the Slack handler: does this mention look like an image request at all? */
export function looksLikeImageRequest(text: string): 'draw' | 'edit' | undefined {
  try {
    const intent = classifyMention(text);
    return intent.kind === 'none' ? undefined : intent.kind;
  } catch {
    // An edit with a bad option: the worker parses it again and explains.
    return 'edit';
  }
}

/** Reads a mention (bot mention already removed). Throws bad input for malformed options. */
export function classifyMention(raw: string): MentionIntent {
  const { text: withoutLinks, reference } = takeReference(unescapeSlack(raw));
  const spoken = withoutLinks.replace(polite, '').trim();
  const draw = drawText(spoken);
  if (draw !== undefined) return { kind: 'draw', text: draw };
  if (spoken === '' || /\?\s*$/.test(spoken) || question.test(spoken)) return { kind: 'none' };
  let split: ReturnType<typeof splitOptions>;
  try {
    split = splitOptions(spoken, editOptions, EDIT_USAGE);
  } catch (error) {
    // Options Strata's images don't know may belong to chat (`--temperature`); only an edit gets the error.
    const loose = spoken.replace(/(^|\s)--[a-z-]+(\s+[^-\s]\S*)?/gi, ' ').trim();
    if (editIntent(loose, {}) === undefined) return { kind: 'none' };
    throw error;
  }
  const { rest, options } = split;
  const edit = editIntent(rest.replace(polite, ''), options);
  if (edit === undefined) return { kind: 'none' };
  const strong = !['image-to-image', 'inpaint'].includes(edit.operation);
  const explicit =
    strong || imageWords.test(rest) || styleInText(rest) !== undefined || options.strength !== undefined;
  return { kind: 'edit', edit, options, explicit, reference };
}

function drawText(text: string): string | undefined {
  const verb = /^(draw|paint|sketch|illustrate|doodle)\b[\s,:]*(?:(?:me|us)\b\s*)?(.*)$/is.exec(text);
  if (verb) return stripPictureOf(verb[2] ?? '');
  const noun =
    /^(?:generate|create|make|design|render|produce)\s+(?:me\s+|us\s+)?(an?\s+|some\s+|\d\s+)?(images?|pictures?|photos?|illustrations?|logos?|posters?|icons?|banners?|drawings?|paintings?|visuals?|artwork|wallpapers?)\b\s*(.*)$/is.exec(
      text,
    );
  if (!noun) return undefined;
  const [, article = '', kind = '', rest = ''] = noun;
  if (/^(images?|pictures?|photos?)$/i.test(kind)) return stripPictureOf(rest);
  return `${article}${kind} ${rest}`.trim();
}

function stripPictureOf(text: string): string {
  return text
    .replace(/^(?:an?\s+)?(?:image|picture|photo|illustration)s?\s+(?:of|showing)\s+/i, '')
    .replace(/^of\s+/i, '')
    .trim();
}

function editIntent(text: string, options: Partial<Record<OptionName, string>>): EditIntent | undefined {
  const lower = text.toLowerCase();
  if (
    /\b(remove|delete|drop|erase|cut out|get rid of|strip|lose|take out)\b.*\bbackground\b/.test(lower) ||
    /\b(transparent|no) background\b|\bbackground removal\b/.test(lower)
  ) {
    return { operation: 'remove-background' };
  }
  if (/\b(upscale|upres|up-res|enlarge|higher[- ]res(olution)?|hi-?res|sharper|4x)\b/.test(lower)) {
    return { operation: 'upscale' };
  }
  if (/\b(extend|outpaint|expand|zoom out|widen|uncrop)\b|\bmake it (wider|taller)\b/.test(lower)) {
    return { operation: 'outpaint', prompt: afterVerb(text, /.*?\bwith\s+/is) ?? '', sides: sidesIn(lower) };
  }
  if (/\b(variations?|another version|other versions|more like (this|it)|alternatives?)\b/.test(lower)) {
    return { operation: 'variation', prompt: '' };
  }
  const styleSource =
    /\b(?:style|look|colou?rs?)\s+(?:of|from)\s+(?:the\s+)?(other|first|previous|earlier|second|original|last|that)\b/.exec(
      lower,
    );
  if (styleSource) {
    return {
      operation: 'style-transfer',
      prompt: '',
      fromImage: styleSource[1] === 'first' ? 'first' : 'other',
    };
  }
  if (options.style !== undefined) {
    const preset = findStyle(options.style);
    if (preset === undefined) throw badInput(`Unknown style \`${options.style}\`. Styles: ${styleNames()}.`);
    return { operation: 'style-transfer', prompt: text, style: preset };
  }
  const named = styleInText(text);
  if (named && /\b(style|restyle|apply)\b/.test(lower))
    return { operation: 'style-transfer', prompt: '', style: named };
  const replace =
    /\b(?:replace|swap)\s+(?:the\s+)?(.+?)\s+(?:with|by|for)\s+(.+)$/is.exec(text) ??
    /\b(?:change|turn)\s+the\s+(.+?)\s+(?:into|to)\s+(.+)$/is.exec(text);
  if (replace?.[1] && replace[2]) {
    const maskPrompt = replace[1].trim();
    return /\bmask(ed)?\b/i.test(maskPrompt)
      ? { operation: 'inpaint', prompt: replace[2].trim() }
      : { operation: 'inpaint', prompt: replace[2].trim(), maskPrompt };
  }
  const fillMask = /\b(?:fill|paint|put|draw)\b.*\bmask(?:ed)?\b.*?\b(?:with|as)\s+(.+)$/is.exec(text);
  if (fillMask?.[1]) return { operation: 'inpaint', prompt: fillMask[1].trim() };
  const erase = /^(?:remove|erase|delete|get rid of)\s+(?:the\s+)?(.+)$/is.exec(text);
  if (erase?.[1])
    return { operation: 'inpaint', prompt: 'seamless empty background', maskPrompt: erase[1].trim() };
  const transform =
    /^(?:make|turn|change|convert|transform|redo|restyle|recolou?r|render|redraw)\s+(?:it|this|that|them|the\s+(?:image|picture|photo|logo|drawing))\b\s*(?:into|to|as|look like|like)?\s*(.*)$/is.exec(
      text,
    ) ?? /^(?:as|in the style of)\s+(.+)$/is.exec(text);
  if (transform?.[1]) return { operation: 'image-to-image', prompt: transform[1].trim() };
  if (options.strength !== undefined && text !== '') return { operation: 'image-to-image', prompt: text };
  return undefined;
}

function afterVerb(text: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(text);
  return match ? text.slice(match[0].length).trim() : undefined;
}

function sidesIn(lower: string): Array<keyof Extend> {
  const sides = new Set<keyof Extend>();
  if (/\bleft\b/.test(lower)) sides.add('left');
  if (/\bright\b/.test(lower)) sides.add('right');
  if (/\b(up|top|above|upwards)\b/.test(lower)) sides.add('up');
  if (/\b(down|bottom|below|downwards)\b/.test(lower)) sides.add('down');
  if (/\b(wider|widen|sideways|horizontally)\b/.test(lower))
    for (const s of ['left', 'right'] as const) sides.add(s);
  if (/\b(taller|vertically)\b/.test(lower)) for (const s of ['up', 'down'] as const) sides.add(s);
  return sides.size > 0 ? [...sides] : ['left', 'right', 'up', 'down'];
}

/** Pulls Slack links to a file or a message out of the text; they say which image is meant. */
function takeReference(text: string): { text: string; reference: ImageReference } {
  const reference: ImageReference = {};
  const stripped = text.replace(/<(https?:\/\/[^|>]+)(?:\|[^>]*)?>/g, (_all, url: string) => {
    const file = /\/files\/(?:[A-Z0-9]+\/)?(F[A-Z0-9]{6,})\b/.exec(url);
    const message = /\/archives\/([CDG][A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(url);
    if (file?.[1]) reference.fileId = file[1];
    else if (message?.[1]) {
      reference.channel = message[1];
      reference.messageTs = `${message[2]}.${message[3]}`;
    } else return url;
    return ' ';
  });
  return { text: stripped.replace(/\s+/g, ' ').trim(), reference };
}

/** The mention text without the `<@bot>` that addressed Strata. */
export function withoutBotMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId
    ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g')
    : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}
