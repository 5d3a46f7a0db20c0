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

/**
 * GET /files/<file_id>[/download]/<name>: url_private / url_private_download, served inert (sandboxed,
 * no sniffing). Like Slack, only for the bot token or a signed-in browser; anyone else gets 403.
 */
export async function handleDownload(
  res: ServerResponse,
  store: FileStore,
  request: { id: string; name: string; download: boolean; authorized: boolean },
) {
  if (!request.authorized) {
    res
      .writeHead(403, { 'content-type': 'text/plain' })
      .end('not_authed: send Authorization: Bearer <bot token> to download files');
    return;
  }
  const data = await store.get(request.id);
  if (!data) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('file not found');
    return;
  }
  const headers: Record<string, string> = {
    'content-type': fileTypeOf(request.name).mimetype,
    'content-length': String(data.length),
    'content-security-policy': 'sandbox',
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, max-age=3600',
  };
  if (request.download) {
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(request.name)}`;
  }
  res.writeHead(200, headers).end(data);
}
