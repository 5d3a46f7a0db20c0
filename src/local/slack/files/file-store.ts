import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { SlackFile } from '../workspace-types.js';

const mimeTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  sql: 'text/plain',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  jsonl: 'application/jsonl',
  pdf: 'application/pdf',
};

export function fileTypeOf(name: string): { filetype: string; mimetype: string } {
  const filetype = extname(name).slice(1).toLowerCase() || 'binary';
  return { filetype, mimetype: mimeTypes[filetype] ?? 'application/octet-stream' };
}

export interface PendingFile {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  data?: Buffer;
}

const fileIdPattern = /^F[0-9A-F]+$/;

/**
 * Uploaded file bytes (in memory, and under `dir` when the emulator persists its workspace),
 * plus the file objects of shared files for files.info.
 */
export class FileStore {
  private readonly files = new Map<string, PendingFile>();
  private readonly described = new Map<string, { file: SlackFile; channels: Set<string> }>();

  constructor(private readonly dir?: string) {}

  reserve(filename: string, length: number, altText?: string): PendingFile {
    const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
    const file: PendingFile = { id, filename, length, ...(altText ? { altText } : {}) };
    this.files.set(id, file);
    return file;
  }

  pending(id: string): PendingFile | undefined {
    return this.files.get(id);
  }

  async put(id: string, data: Buffer): Promise<boolean> {
    const file = this.files.get(id);
    if (!file) return false;
    file.data = data;
    if (this.dir) {
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, id), data);
    }
    return true;
  }

  /** Reserve and store in one step (a person's upload from the playground). */
  async create(filename: string, data: Buffer): Promise<PendingFile> {
    const file = this.reserve(filename, data.length);
    await this.put(file.id, data);
    return file;
  }

  async get(id: string): Promise<Buffer | undefined> {
    const data = this.files.get(id)?.data;
    if (data || !this.dir || !fileIdPattern.test(id)) return data;
    return readFile(join(this.dir, id)).catch(() => undefined);
  }

  /** Same as get(), synchronously (the emulator's `fileContent`). */
  getSync(id: string): Buffer | undefined {
    const data = this.files.get(id)?.data;
    if (data || !this.dir || !fileIdPattern.test(id)) return data;
    try {
      return readFileSync(join(this.dir, id));
    } catch {
      return undefined;
    }
  }

  /** Remembers a completed file and, when shared, the channel it went to. */
  describe(file: SlackFile, channel?: string): void {
    const entry = this.described.get(file.id) ?? { file, channels: new Set<string>() };
    entry.file = file;
    if (channel) entry.channels.add(channel);
    this.described.set(file.id, entry);
  }

  info(id: string): { file: SlackFile; channels: string[] } | undefined {
    const entry = this.described.get(id);
    return entry ? { file: entry.file, channels: [...entry.channels] } : undefined;
  }
}
