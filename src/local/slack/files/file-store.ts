import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

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

/** Uploaded file bytes: in memory, and under `dir` when the emulator persists its workspace. */
export class FileStore {
  private readonly files = new Map<string, PendingFile>();

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

  async get(id: string): Promise<Buffer | undefined> {
    const data = this.files.get(id)?.data;
    if (data || !this.dir || !/^F[0-9A-F]+$/.test(id)) return data;
    return readFile(join(this.dir, id)).catch(() => undefined);
  }
}
