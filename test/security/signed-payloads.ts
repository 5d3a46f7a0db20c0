import { signRequest } from '../../src/slack/signature.js';
import type { TestStrata } from '../helpers/local-strata.js';

/**
 * A view submission no modal in the emulator would produce (another person's form, fields their own form
 * does not have), correctly signed: what reaches Strata if the payload is tampered with before signing.
 */
export async function submitForgedView(
  local: TestStrata,
  input: { user: string; view: Record<string, unknown> },
): Promise<{ status: number; body: string }> {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0LOCAL', domain: 'strata-local' },
    user: { id: input.user, username: input.user, name: input.user, team_id: 'T0LOCAL' },
    api_app_id: 'A0STRATA',
    token: 'local-verification-token',
    trigger_id: `forged.${Date.now()}`,
    view: { type: 'modal', id: 'V0FORGED', state: { values: {} }, private_metadata: '', ...input.view },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signRequest(local.credentials.signingSecret, timestamp, body);
  const response = await fetch(local.eventsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}
