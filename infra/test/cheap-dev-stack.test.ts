import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, type Synthesized, synth } from './synth.js';

let s: Synthesized;

beforeAll(() => {
  s = synth({ 'strata:vpc': 'false', 'strata:agent': 'false', 'strata:retainData': 'false' });
});

describe('a cheap dev stack (strata:vpc=false, strata:agent=false, strata:retainData=false)', () => {
  it('has no VPC, endpoints or NAT gateway, and its functions run outside any VPC', () => {
    for (const type of ['AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::NatGateway']) {
      expect(resourcesOf(s.template, type), type).toEqual([]);
    }
    const functions = resourcesOf(s.template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(2);
    for (const [id, fn] of functions) expect(fn.VpcConfig, id).toBeUndefined();
  });

  it('leaves out the agent, its orders table and any InvokeAgent permission', () => {
    expect(resourcesOf(s.template, 'AWS::Bedrock::Agent')).toEqual([]);
    expect(resourcesOf(s.template, 'AWS::DynamoDB::Table')).toHaveLength(1);
    expect(JSON.stringify(s.template.toJSON())).not.toContain('bedrock:InvokeAgent');
  });

  it('lets `cdk destroy` remove the data, and still passes cdk-nag', () => {
    s.template.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    s.template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    s.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    expect(s.findings).toEqual([]);
  });
});
