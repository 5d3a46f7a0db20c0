/**
 * What does Strata's image pipeline cost per image, apart from the model?
 *
 * For each input (a person's phone photo, a photo-sized JPEG, a PNG Strata made earlier) it times the
 * stages an edit goes through around the model call: download from Slack (files.info + authenticated
 * url_private_download), convert for the model with sharp (upright, resize to the model's limits,
 * PNG), store the result in S3, and upload it into a thread with filesUploadV2. Beside it, in the
 * same run, the baseline: moving the same bytes without converting them (download + upload only).
 * Slack is the emulator and S3 the local S3 server, both on loopback. Also reported: how long the local
 * stand-in model takes to paint one image (model time, not pipeline). Writes bench/results/images.json.
 *
 *   npx tsx bench/images/run.ts --iterations 30
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { WebClient } from '@slack/web-api';
import sharp from 'sharp';
import { findImageModel, type InputRule } from '../../src/bedrock/image-catalog.js';
import { prepareInput } from '../../src/images/image-input.js';
import { downloadSlackFile } from '../../src/images/slack-files.js';
import { startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { startLocalS3 } from '../../src/local/s3-server.js';
import { startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { createS3BlobStore, ensureBucket } from '../../src/store/blob-store.js';
import { arg, machine, percentile, writeResult } from '../bench-kit.js';

const iterations = Number(arg('iterations', '30'));
const CHANNEL = 'C0GENERAL';
const token = 'xoxb-bench-images';
const rule = findImageModel('amazon.nova-canvas-v1:0')?.input as InputRule;

/** Photo-like content: smooth gradients plus sensor-like noise, so JPEG and PNG sizes are realistic. */
async function photo(width: number, height: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const noise = Buffer.alloc(width * height * 3);
  let state = 12_345;
  for (let i = 0; i < noise.length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    noise[i] = Math.min(
      255,
      Math.max(0, ((x / width) * 180 + (y / height) * 60 + (i % 3) * 20) | 0) + ((state >> 16) % 24),
    );
  }
  const image = sharp(noise, { raw: { width, height, channels: 3 } });
  return format === 'jpeg' ? image.jpeg({ quality: 85 }).toBuffer() : image.png().toBuffer();
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-images-'));
  const s3 = await startLocalS3({ dir: join(dir, 's3') });
  const bedrock = await startLocalBedrock();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  const slack = await startSlackEmulator({ signingSecret: 'bench', botToken: token });
  const client = new WebClient(token, { slackApiUrl: slack.apiUrl });
  const location = { bucket: 'strata-bench', region: 'us-east-1', forcePathStyle: true };
  await ensureBucket(location);
  const blobs = createS3BlobStore(location);

  const bedrockClient = new BedrockRuntimeClient({ region: 'us-east-1' });
  const generation: number[] = [];
  let generated = Buffer.alloc(0);
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const output = await bedrockClient.send(
      new InvokeModelCommand({
        modelId: 'amazon.nova-canvas-v1:0',
        contentType: 'application/json',
        body: JSON.stringify({
          taskType: 'TEXT_IMAGE',
          textToImageParams: { text: `a lighthouse at dusk, poster ${i}` },
          imageGenerationConfig: { width: 1024, height: 1024, seed: i + 1 },
        }),
      }),
    );
    generation.push(performance.now() - started);
    const body = JSON.parse(new TextDecoder().decode(output.body)) as { images: string[] };
    generated = Buffer.from(body.images[0] ?? '', 'base64');
  }

  const inputs = [
    { name: 'phone photo, JPEG 4032x3024', bytes: await photo(4032, 3024, 'jpeg') },
    { name: 'photo, JPEG 1600x1200', bytes: await photo(1600, 1200, 'jpeg') },
    { name: 'Strata PNG 1024x1024', bytes: generated },
  ];
  const { ts: threadTs } = await slack.postAsUser({
    user: 'U0ALICE',
    channel: CHANNEL,
    text: 'bench thread',
  });
  const results = [];
  for (const input of inputs) {
    const { fileId } = await slack.uploadFile({
      user: 'U0ALICE',
      channel: CHANNEL,
      filename: 'input.jpg',
      content: input.bytes,
    });
    const stages = {
      download: [] as number[],
      convert: [] as number[],
      store: [] as number[],
      upload: [] as number[],
      total: [] as number[],
    };
    const baseline: number[] = [];
    // The model's answer to an edit is a PNG the size of the converted input; this stands in for it.
    const first = await prepareInput(input.bytes, rule, 'input');
    const result = await sharp(first.data).png().toBuffer();
    let sent = first.data;
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      const { bytes } = await downloadSlackFile(client, fileId, {
        channel: CHANNEL,
        maxBytes: 50 * 1_048_576,
      });
      const t1 = performance.now();
      sent = (await prepareInput(bytes, rule, 'input')).data;
      const t2 = performance.now();
      await blobs.put(`bench/${i}.png`, result, 'image/png');
      const t3 = performance.now();
      await client.filesUploadV2({
        channel_id: CHANNEL,
        thread_ts: threadTs,
        file: result,
        filename: 'result.png',
      });
      const t4 = performance.now();
      stages.download.push(t1 - t0);
      stages.convert.push(t2 - t1);
      stages.store.push(t3 - t2);
      stages.upload.push(t4 - t3);
      stages.total.push(t4 - t0);

      const b0 = performance.now();
      const raw = await downloadSlackFile(client, fileId, { channel: CHANNEL, maxBytes: 50 * 1_048_576 });
      await client.filesUploadV2({
        channel_id: CHANNEL,
        thread_ts: threadTs,
        file: raw.bytes,
        filename: 'copy.bin',
      });
      baseline.push(performance.now() - b0);
    }
    const summary = (values: number[]) => ({
      p50_ms: percentile(values, 50),
      p95_ms: percentile(values, 95),
    });
    const row = {
      input: input.name,
      input_bytes: input.bytes.length,
      sent_to_model: {
        bytes: sent.length,
        format: (await sharp(sent).metadata()).format,
        size: `${first.width}x${first.height}`,
      },
      result_png_bytes: result.length,
      stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summary(v)])),
      baseline_transfer_only: summary(baseline),
      pipeline_vs_transfer_p50:
        Math.round((percentile(stages.total, 50) / percentile(baseline, 50)) * 100) / 100,
    };
    results.push(row);
    process.stdout.write(
      `${row.input}: total p50 ${row.stages.total?.p50_ms} ms, p95 ${row.stages.total?.p95_ms} ms (transfer only p50 ${row.baseline_transfer_only.p50_ms} ms)\n`,
    );
  }

  const path = await writeResult('images', {
    machine: machine(),
    inputs: { iterations, model_input_rule: 'Nova Canvas (sides 320–4096, ≤4,194,303 px, multiples of 16)' },
    local_stand_in_generation_1024: {
      p50_ms: percentile(generation, 50),
      p95_ms: percentile(generation, 95),
      png_bytes: generated.length,
    },
    results,
    notes:
      'Pipeline = download (files.info + url_private_download) + convert for the model (sharp) + store the result (S3 PutObject) + upload it (filesUploadV2, 3 HTTP calls). ' +
      'The result is a PNG at the converted size, standing in for the model output. Baseline = download and upload of the unconverted bytes. All servers on loopback; model time excluded.',
  });
  process.stdout.write(`wrote ${path}\n`);
  bedrockClient.destroy();
  await slack.close();
  await bedrock.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
}

await main();
