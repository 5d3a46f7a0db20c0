import sharp from 'sharp';
import type { z } from 'zod';
import { InvokeModelError } from '../invoke-model-error.js';
import type { Raster } from './local-edits.js';

/** A 400 ValidationException worded like Bedrock's JSON-schema checks of model bodies. */
export function invalid(path: string, problem: string): InvokeModelError {
  return new InvokeModelError(
    400,
    'ValidationException',
    `Malformed input request: #/${path}: ${problem}, please reformat your input and try again.`,
  );
}

/** Parses a body or throws the first problem as Bedrock words it. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvokeModelError(
      400,
      'ValidationException',
      'Malformed input request: body must be a JSON object',
    );
  }
  const parsed = schema.safeParse(body, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue === undefined) throw invalid('', 'invalid body');
  throw invalid(issue.path.join('/'), describe(issue));
}

function describe(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') {
        return `expected maxLength: ${issue.maximum}, actual: ${typeof input === 'string' ? input.length : '?'}`;
      }
      if (issue.origin === 'array') return `expected maximum item count: ${issue.maximum}`;
      return `${String(input)} is not less or equal to ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') {
        return `expected minLength: ${issue.minimum}, actual: ${typeof input === 'string' ? input.length : '?'}`;
      }
      if (issue.origin === 'array') return `expected minimum item count: ${issue.minimum}`;
      return `${String(input)} is not greater or equal to ${issue.minimum}`;
    case 'invalid_value':
      return `${JSON.stringify(input)} is not a valid enum value`;
    case 'unrecognized_keys':
      return `extraneous key [${issue.keys.join(', ')}] is not permitted`;
    case 'invalid_type':
      return input === undefined ? 'required key is missing' : `expected type: ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** A base64 image field, decoded and checked to be a PNG or JPEG within the model's pixel limits. */
export async function decodeImage(
  path: string,
  base64: string,
  limits: { formats: readonly string[]; minSide: number; maxSide: number; maxPixels: number },
): Promise<Raster> {
  const bytes = Buffer.from(base64, 'base64');
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => undefined);
  if (meta?.format === undefined || meta.width === undefined || meta.height === undefined) {
    throw invalid(path, 'unable to decode the image; send a base64-encoded PNG or JPEG');
  }
  if (!limits.formats.includes(meta.format)) {
    throw invalid(path, `image format ${meta.format} is not supported; use ${limits.formats.join(' or ')}`);
  }
  const { width, height } = meta;
  if (Math.min(width, height) < limits.minSide || Math.max(width, height) > limits.maxSide) {
    throw invalid(
      path,
      `image is ${width}x${height}; each side must be ${limits.minSide} to ${limits.maxSide} pixels`,
    );
  }
  if (width * height > limits.maxPixels) {
    throw invalid(
      path,
      `image is ${width}x${height} (${width * height} pixels); the maximum is ${limits.maxPixels}`,
    );
  }
  const png = meta.format === 'png' ? bytes : await sharp(bytes).png().toBuffer();
  return { png, width, height };
}
