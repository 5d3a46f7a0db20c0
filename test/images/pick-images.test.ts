import { describe, expect, it } from 'vitest';
import { chooseModel } from '../../src/images/model-choice.js';
import { pickImages } from '../../src/images/pick-images.js';
import type { ThreadFile } from '../../src/images/slack-files.js';

function file(fileId: string, messageTs: string, name = `${fileId}.png`, isImage = true): ThreadFile {
  return {
    fileId,
    name,
    mimetype: isImage ? 'image/png' : 'application/pdf',
    size: 1000,
    messageTs,
    isMask: /mask/i.test(name),
    isImage,
  };
}

const thread = [
  file('F1', '1.0'),
  file('F2', '2.0'),
  file('FMASK', '3.0', 'sky-mask.png'),
  file('FDOC', '4.0', 'brief.pdf', false),
];
const recolour = { operation: 'image-to-image' as const, prompt: 'a watercolor' };

describe('picking the image an edit works on', () => {
  it('takes the latest image that is not a mask', () => {
    expect(pickImages(thread, recolour, {}, 'C1').source.fileId).toBe('F2');
  });

  it('takes the image the person linked to, by file or by message', () => {
    expect(pickImages(thread, recolour, { fileId: 'F1' }, 'C1').source.fileId).toBe('F1');
    expect(pickImages(thread, recolour, { channel: 'C1', messageTs: '1.0' }, 'C1').source.fileId).toBe('F1');
  });

  it('refuses links to other conversations, to files not in the thread, and to files that are not images', () => {
    expect(() => pickImages(thread, recolour, { channel: 'C2', messageTs: '1.0' }, 'C1')).toThrow(
      'another conversation',
    );
    expect(() => pickImages(thread, recolour, { fileId: 'F9' }, 'C1')).toThrow('shared in this thread');
    expect(() => pickImages(thread, recolour, { fileId: 'FDOC' }, 'C1')).toThrow(
      "`brief.pdf` isn't an image",
    );
  });

  it('finds the uploaded mask for inpainting without words, and says how to add one when missing', () => {
    const fill = { operation: 'inpaint' as const, prompt: 'stars' };
    expect(pickImages(thread, fill, {}, 'C1').mask?.fileId).toBe('FMASK');
    expect(() => pickImages([file('F1', '1.0')], fill, {}, 'C1')).toThrow('upload a mask image');
  });

  it('finds another image for "the style of the other / first image"', () => {
    const other = { operation: 'style-transfer' as const, prompt: '', fromImage: 'other' as const };
    const first = { operation: 'style-transfer' as const, prompt: '', fromImage: 'first' as const };
    const three = [file('F1', '1.0'), file('F2', '2.0'), file('F3', '3.0')];
    expect(pickImages(three, other, {}, 'C1').styleImage?.fileId).toBe('F2');
    expect(pickImages(three, first, {}, 'C1').styleImage?.fileId).toBe('F1');
    expect(() => pickImages([file('F1', '1.0')], other, {}, 'C1')).toThrow('second image');
  });

  it('says there is no image when the thread has none', () => {
    expect(() => pickImages([file('FDOC', '1.0', 'brief.pdf', false)], recolour, {}, 'C1')).toThrow(
      'no image in this thread',
    );
  });
});

describe('choosing a model for an edit', () => {
  const fallback = 'amazon.nova-canvas-v1:0';

  it('stays with the model that made the source image when it can do the edit', () => {
    expect(
      chooseModel('variation', {}, { source: 'amazon.titan-image-generator-v2:0', fallback }).modelId,
    ).toBe('amazon.titan-image-generator-v2:0');
  });

  it('moves a Stability image to the Stability service that can do the edit', () => {
    const source = 'stability.sd3-5-large-v1:0';
    expect(chooseModel('remove-background', {}, { source, fallback }).modelId).toBe(
      'stability.stable-image-remove-background-v1:0',
    );
    expect(chooseModel('inpaint', { maskFrom: 'prompt' }, { source, fallback }).modelId).toBe(
      'stability.stable-image-search-replace-v1:0',
    );
    expect(chooseModel('upscale', {}, { source, fallback }).modelId).toBe(
      'stability.stable-fast-upscale-v1:0',
    );
    expect(chooseModel('style-transfer', { styleFrom: 'preset' }, { source, fallback }).modelId).toBe(
      fallback,
    );
  });

  it('refuses a named model that cannot do it, naming models that can', () => {
    expect(() =>
      chooseModel('inpaint', { maskFrom: 'prompt' }, { explicit: 'titan', fallback }),
    ).not.toThrow();
    expect(() =>
      chooseModel(
        'inpaint',
        { maskFrom: 'prompt' },
        { explicit: 'stability.stable-image-inpaint-v1:0', fallback },
      ),
    ).toThrow(
      "Stability Inpaint can't inpaint (replace part of an image) from a description (it needs a mask image). Try Nova Canvas (`--model nova`)",
    );
    expect(() => chooseModel('upscale', {}, { fallback })).toThrow(
      "Nova Canvas can't upscale images. Try Stability Fast Upscale",
    );
  });
});
