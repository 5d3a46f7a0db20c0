import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeRequest, readBody } from '../web-api/request-body.js';
import { type FileStore, fileTypeOf } from './file-store.js';

/** POST /upload/v1/<file_id>: the upload URL of files.getUploadURLExternal (multipart or raw bytes). */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, store: FileStore, id: string) {
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  let data = body;
  if (type.startsWith('multipart/form-data')) {
    const { uploads } = await decodeRequest(type, body, new URLSearchParams());
    data = [...uploads.values()][0]?.data ?? Buffer.alloc(0);
  }
  if (!(await store.put(id, data))) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${data.length}`);
}

/** GET /files/<file_id>/<name>: a file's url_private, served inert (sandboxed, no sniffing). */
export async function handleDownload(res: ServerResponse, store: FileStore, id: string, name: string) {
  const data = await store.get(id);
  if (!data) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
    return;
  }
  res
    .writeHead(200, {
      'content-type': fileTypeOf(name).mimetype,
      'content-length': String(data.length),
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
    })
    .end(data);
}
