import { describe, expect, it } from 'vitest';
import { classifyMention, looksLikeImageRequest } from '../../src/images/mention-intent.js';

describe('a mention that asks for a new image', () => {
  it.each([
    ['draw a lighthouse at dusk', 'a lighthouse at dusk'],
    ['please draw me a cat --count 2', 'a cat --count 2'],
    ['can you paint a picture of a harbour', 'a harbour'],
    ['generate an image of a red fox', 'a red fox'],
    ['make a logo for Acme Coffee', 'a logo for Acme Coffee'],
    ['create 2 posters for the autumn launch', '2 posters for the autumn launch'],
  ])('"%s" draws "%s"', (text, prompt) => {
    expect(classifyMention(text)).toEqual({ kind: 'draw', text: prompt });
  });
});

describe('a mention that asks to edit the thread’s image', () => {
  it.each([
    ['make it a watercolor', { operation: 'image-to-image', prompt: 'a watercolor' }],
    [
      'turn this into a pencil sketch --strength 0.4',
      { operation: 'image-to-image', prompt: 'a pencil sketch' },
    ],
    ['replace the sky with a sunset', { operation: 'inpaint', prompt: 'a sunset', maskPrompt: 'sky' }],
    ['change the car to a bicycle', { operation: 'inpaint', prompt: 'a bicycle', maskPrompt: 'car' }],
    [
      'remove the person on the left',
      { operation: 'inpaint', prompt: 'seamless empty background', maskPrompt: 'person on the left' },
    ],
    ['fill the masked area with flowers', { operation: 'inpaint', prompt: 'flowers' }],
    ['remove the background', { operation: 'remove-background' }],
    ['give it a transparent background', { operation: 'remove-background' }],
    [
      'extend it to the left with more beach',
      { operation: 'outpaint', prompt: 'more beach', sides: ['left'] },
    ],
    ['make it wider', { operation: 'outpaint', prompt: '', sides: ['left', 'right'] }],
    ['zoom out', { operation: 'outpaint', prompt: '', sides: ['left', 'right', 'up', 'down'] }],
    ['upscale it', { operation: 'upscale' }],
    ['show me variations', { operation: 'variation', prompt: '' }],
    ['apply the style of the other image', { operation: 'style-transfer', prompt: '', fromImage: 'other' }],
    ['use the colours from the first image', { operation: 'style-transfer', prompt: '', fromImage: 'first' }],
  ])('"%s" is %j', (text, edit) => {
    const intent = classifyMention(text);
    expect(intent.kind).toBe('edit');
    if (intent.kind === 'edit') expect(intent.edit).toEqual(edit);
  });

  it('reads a named style preset', () => {
    const intent = classifyMention('apply the pixel art style');
    expect(intent.kind === 'edit' && intent.edit).toMatchObject({
      operation: 'style-transfer',
      style: { name: 'pixel-art' },
    });
    const flagged = classifyMention('restyle it --style retro');
    expect(flagged.kind === 'edit' && flagged.edit).toMatchObject({
      operation: 'style-transfer',
      style: { name: 'retro' },
    });
  });

  it('keeps options for the edit and reads a link to a specific image', () => {
    const intent = classifyMention(
      'make it a watercolor --strength 0.7 --seed 5 <https://acme.slack.com/files/U0ALICE/F0123ABCD/photo.png|photo.png>',
    );
    expect(intent).toMatchObject({
      kind: 'edit',
      options: { strength: '0.7', seed: '5' },
      reference: { fileId: 'F0123ABCD' },
      explicit: true,
    });
    const byMessage = classifyMention(
      'remove the background <https://acme.slack.com/archives/C0GENERAL/p1700000000123456>',
    );
    expect(byMessage).toMatchObject({ reference: { channel: 'C0GENERAL', messageTs: '1700000000.123456' } });
  });

  it('marks edits that only might be about images as not explicit', () => {
    expect(classifyMention('make it shorter')).toMatchObject({ kind: 'edit', explicit: false });
    expect(classifyMention('replace the intro with a summary')).toMatchObject({
      kind: 'edit',
      explicit: false,
    });
    expect(classifyMention('replace the sky with a sunset')).toMatchObject({ explicit: true });
  });

  it('explains a bad option on an edit, but leaves chat options to chat', () => {
    expect(() => classifyMention('make it a watercolor --strength')).toThrow('`--strength` needs a value');
    expect(() => classifyMention('make it a watercolor --style crayon')).toThrow('Unknown style `crayon`');
    expect(classifyMention('--temperature 0.2 what is Bedrock')).toEqual({ kind: 'none' });
    expect(looksLikeImageRequest('make it a watercolor --strength')).toBe('edit');
  });
});

describe('a mention that is not about images', () => {
  it.each(['what is Amazon Bedrock?', 'summarise this thread', 'how do I fine-tune a model', 'thanks!', ''])(
    '"%s" is left to chat',
    (text) => {
      expect(classifyMention(text)).toEqual({ kind: 'none' });
      expect(looksLikeImageRequest(text)).toBeUndefined();
    },
  );
});
