// The playground's JSON endpoints (person-side actions; the emulator turns them into Slack requests).

export async function api(path, body) {
  const response = await fetch(`/playground/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!json.ok) throw new Error(json.error || `HTTP ${response.status}`);
  return json;
}

/** A person shares a file: raw bytes in the body, the rest in the query string. */
export async function uploadFile({ user, channel, threadTs, file, text }) {
  const query = new URLSearchParams({ user, channel, filename: file.name });
  if (threadTs) query.set('thread_ts', threadTs);
  if (text) query.set('text', text);
  const response = await fetch(`/playground/files?${query}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  const json = await response.json();
  if (!json.ok) throw new Error(json.error || `HTTP ${response.status}`);
  return json;
}

/** What Slack shows when an app does not answer a command or an interaction well. */
export function appFailure(result) {
  if (!result || result.status === 200) return undefined;
  if (result.status === 0)
    return result.body.startsWith('operation_timeout') ? 'operation_timeout' : 'dispatch_failed';
  return `http_error (${result.status})`;
}
