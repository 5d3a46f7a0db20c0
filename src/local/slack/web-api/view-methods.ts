import type { Triggers } from '../interactivity/triggers.js';
import type { OpenView, ViewStore } from '../interactivity/view-store.js';
import type { MethodHandler } from './method-context.js';
import { optionalString, type Params } from './params.js';

function triggerOf(params: Params): string | undefined {
  return optionalString(params, 'trigger_id') ?? optionalString(params, 'interactivity_pointer');
}

const answer = (entry: OpenView) => ({ view: entry.view });

/** views.open / views.push (a fresh trigger_id from the person's interaction) and views.update. */
export function viewMethods(views: ViewStore, triggers: Triggers): Record<string, MethodHandler> {
  return {
    'views.open': (params) => {
      return answer(triggers.exchange(triggerOf(params), (t) => views.open(t.user, params.view)));
    },
    'views.push': (params) => {
      return answer(triggers.exchange(triggerOf(params), (t) => views.push(t.user, params.view)));
    },
    'views.update': (params) => {
      const viewId = optionalString(params, 'view_id');
      const externalId = optionalString(params, 'external_id');
      const ref = viewId ? { viewId } : externalId ? { externalId } : {};
      return answer(views.update(ref, params.view, optionalString(params, 'hash')));
    },
  };
}
