import { describe, expect, it } from 'vitest';
import { agentAliasArn, modelResources } from '../lib/bedrock-arns.js';

const scope = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };

describe('Bedrock ARNs for a configured model id', () => {
  it('maps a foundation model id to its regional foundation-model ARN', () => {
    expect(modelResources('amazon.titan-embed-text-v2:0', scope)).toEqual({
      direct: ['arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0'],
      routedModels: [],
    });
  });

  it('maps a geographic inference profile to the profile and its routed models in that geography', () => {
    const resources = modelResources('eu.anthropic.claude-3-7-sonnet-20250219-v1:0', scope);
    expect(resources.profile).toBe(
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
    );
    expect(resources.direct).toEqual([]);
    expect(resources.routedModels).toContain(
      'arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
    );
    expect(resources.routedModels.every((arn) => /:bedrock:eu-[a-z]+-\d::/.test(arn))).toBe(true);
  });

  it('uses the region-less model ARN for a global profile', () => {
    expect(modelResources('global.amazon.nova-2-lite-v1:0', scope).routedModels).toEqual([
      'arn:aws:bedrock:::foundation-model/amazon.nova-2-lite-v1:0',
    ]);
  });

  it('takes the destination regions of a profile from the deployment when given', () => {
    const resources = modelResources('us.meta.llama3-3-70b-instruct-v1:0', {
      ...scope,
      profileRegions: { us: ['us-east-1'] },
    });
    expect(resources.routedModels).toEqual([
      'arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-3-70b-instruct-v1:0',
    ]);
  });

  it('keeps a full ARN as it is, and reads the profile inside an inference-profile ARN', () => {
    const custom =
      'arn:aws:bedrock:eu-west-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abc';
    expect(modelResources(custom, scope)).toEqual({ direct: [custom], routedModels: [] });
    const profile = 'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0';
    expect(modelResources(profile, scope)).toMatchObject({ direct: [], profile });
  });

  it('builds the agent alias ARN InvokeAgent is scoped to', () => {
    expect(agentAliasArn(scope, 'AGENT12345', 'ALIAS12345')).toBe(
      'arn:aws:bedrock:eu-west-1:123456789012:agent-alias/AGENT12345/ALIAS12345',
    );
  });
});
