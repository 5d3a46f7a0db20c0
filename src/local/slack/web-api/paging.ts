import { SlackApiError } from './api-error.js';
import { limitParam, optionalString, type Params } from './params.js';

export interface Page<T> {
  items: T[];
  has_more: boolean;
  response_metadata: { next_cursor: string };
}

/** Cursor pagination like Slack's: an opaque base64 cursor naming the first item of the next page. */
export function paginate<T>(
  items: T[],
  keyOf: (item: T) => string,
  params: Params,
  defaultLimit = 100,
): Page<T> {
  const limit = limitParam(params, defaultLimit);
  const cursor = optionalString(params, 'cursor');
  let start = 0;
  if (cursor !== undefined && cursor !== '') {
    const key = Buffer.from(cursor, 'base64')
      .toString('utf8')
      .replace(/^next:/, '');
    start = items.findIndex((item) => keyOf(item) === key);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const pageItems = items.slice(start, start + limit);
  const next = items[start + limit];
  return {
    items: pageItems,
    has_more: next !== undefined,
    response_metadata: {
      next_cursor: next === undefined ? '' : Buffer.from(`next:${keyOf(next)}`).toString('base64'),
    },
  };
}
