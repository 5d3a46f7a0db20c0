import type { ModalView } from '@slack/types';

const TITLE = 'Fine-tune a model';

/** The fine-tune modal showing only a message: a refusal, an error, or nothing to customize. */
export function fineTuneMessageView(text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: TITLE },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

/** What the modal shows until the worker has read the model catalog and the channel's files. */
export function fineTuneLoadingView(): ModalView {
  return fineTuneMessageView(':hourglass_flowing_sand: Loading models and files…');
}
