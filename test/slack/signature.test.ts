import { describe, expect, it } from 'vitest';
import { hasValidSlackSignature, signRequest } from '../../src/slack/signature.js';

const secret = 'signature-test-secret';
const body = '{"type":"event_callback","event":{"type":"app_mention","text":"hi"}}';
const now = 1_764_000_000_000;
const at = (seconds: number) => Math.floor(now / 1000) + seconds;
const headers = (timestamp: number | string, signature: string) => ({
  'x-slack-request-timestamp': String(timestamp),
  'x-slack-signature': signature,
});

describe("Slack's v0 request signature", () => {
  it('accepts a request signed with the secret within five minutes either way', () => {
    for (const skew of [0, -299, 299]) {
      const signed = headers(at(skew), signRequest(secret, at(skew), body));
      expect(hasValidSlackSignature(secret, signed, body, now)).toBe(true);
    }
  });

  it('refuses another secret, a changed body, and a signature of another timestamp', () => {
    expect(hasValidSlackSignature(secret, headers(at(0), signRequest('other', at(0), body)), body, now)).toBe(
      false,
    );
    const signed = headers(at(0), signRequest(secret, at(0), body));
    expect(hasValidSlackSignature(secret, signed, body.replace('hi', 'ho'), now)).toBe(false);
    expect(hasValidSlackSignature(secret, headers(at(1), signRequest(secret, at(0), body)), body, now)).toBe(
      false,
    );
  });

  it('refuses a timestamp over five minutes old or ahead, even when the signature matches it', () => {
    for (const skew of [-301, 301, -86_400]) {
      const signed = headers(at(skew), signRequest(secret, at(skew), body));
      expect(hasValidSlackSignature(secret, signed, body, now)).toBe(false);
    }
  });

  it('refuses missing, repeated or malformed headers without throwing', () => {
    const good = signRequest(secret, at(0), body);
    const cases = [
      {},
      { 'x-slack-request-timestamp': String(at(0)) },
      { 'x-slack-signature': good },
      { 'x-slack-request-timestamp': [String(at(0)), String(at(0))], 'x-slack-signature': good },
      headers('', good),
      headers(`${at(0)}.5`, good),
      headers('1e9', good),
      headers(at(0), good.replace('v0=', 'v1=')),
      headers(at(0), good.slice(0, -2)),
      headers(at(0), `${good}00`),
      headers(at(0), 'v0='),
      headers(at(0), good.toUpperCase()),
    ];
    for (const given of cases) expect(hasValidSlackSignature(secret, given, body, now)).toBe(false);
  });
});
