import type { Logger } from '../log.js';
import type { ReplyStopStore } from '../store/reply-stops.js';

/**
 * Polls for a Stop click on a streaming reply (the click may land in another process). Requests
 * made before this stream started belong to an earlier answer to the same question and are ignored.
 */
export function watchForStop(options: {
  stops: ReplyStopStore;
  replyKey: string;
  startedAt: number;
  intervalMs: number;
  logger: Logger;
  onStop: (by: string) => void;
}): () => void {
  const { stops, replyKey, startedAt, logger, onStop } = options;
  let done = false;
  const timer = setInterval(() => {
    stops.latest(replyKey).then(
      (request) => {
        if (done || request === undefined || request.at < startedAt) return;
        done = true;
        clearInterval(timer);
        onStop(request.by);
      },
      (error: unknown) => logger.warn({ err: error }, 'could not check for a stop request'),
    );
  }, options.intervalMs);
  timer.unref();
  return () => {
    done = true;
    clearInterval(timer);
  };
}
