import type { InvokeModelHandler } from './invoke-model.js';

/** Every model the local endpoint serves through InvokeModel. Add a model family here. */
export const localInvokeModels: InvokeModelHandler[] = [];
