import { titanEmbeddingModel } from './embedding-models.js';
import { localImageModels } from './image-models.js';
import type { InvokeModelHandler } from './invoke-model.js';

/** Every model the local endpoint serves through InvokeModel. Add a model family here. */
export const localInvokeModels: InvokeModelHandler[] = [...localImageModels, titanEmbeddingModel];
