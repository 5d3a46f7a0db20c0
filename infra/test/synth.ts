import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { readSettings } from '../lib/stack-settings.js';
import { StrataStack, type StrataStackProps } from '../lib/strata-stack.js';

export interface Synthesized {
  stack: StrataStack;
  template: Template;
  /** cdk-nag AwsSolutions findings nobody acknowledged: `rule @ construct path`. */
  findings: string[];
  /** Every acknowledgement in the stack: rule id and reason. */
  acknowledgements: Array<{ id: string; reason: string; path: string }>;
}

/**
 * Builds the stack as `cdk synth` would with these `strata:*` context values. Lambda bundling and CDK's
 * CloudFormation validation are skipped unless `bundle` is set (bundles.test.ts does both once).
 */
export function synth(
  context: Record<string, string> = {},
  options: { bundle?: boolean; outdir?: string; extra?: Partial<StrataStackProps> } = {},
): Synthesized {
  const app = new App({
    context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    // CDK's built-in cfn-lint pass costs ~10 s per synth; bundles.test.ts runs it once on the real synth.
    builtinCloudFormationValidation: options.bundle === true,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const stack = new StrataStack(app, 'Strata', {
    settings: readSettings((key) => context[key]),
    ...options.extra,
  });
  const report = new AwsSolutionsChecks(undefined, { verbose: false }).validateScope(app);
  const findings = report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`),
  );
  if (options.outdir) app.synth();
  return {
    stack,
    template: Template.fromStack(stack),
    findings,
    acknowledgements: acknowledgementsIn(stack),
  };
}

function acknowledgementsIn(root: IConstruct): Synthesized['acknowledgements'] {
  const found: Synthesized['acknowledgements'] = [];
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, value] of Object.entries(entry.data as Record<string, unknown>)) {
        const reason = typeof value === 'string' ? value : JSON.stringify(value);
        found.push({ id: id.replace(/^annotation::/i, ''), reason, path: node.node.path });
      }
    }
  }
  return found;
}

/** Resources of a type as the template has them: logical id → Properties. */
export function resourcesOf(template: Template, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(template.findResources(type)).map(([id, r]) => [
    id,
    ((r as { Properties?: Record<string, unknown> }).Properties ?? {}) as Record<string, unknown>,
  ]);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
  Principal?: unknown;
}

/** Every statement of every identity policy (AWS::IAM::Policy and inline role policies). */
export function identityStatements(template: Template): Array<{ policy: string; statement: Statement }> {
  const out: Array<{ policy: string; statement: Statement }> = [];
  for (const [id, props] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const doc = props.PolicyDocument as { Statement: Statement[] };
    for (const statement of doc.Statement) out.push({ policy: id, statement });
  }
  for (const [id, props] of resourcesOf(template, 'AWS::IAM::Role')) {
    for (const policy of (props.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>) ?? []) {
      for (const statement of policy.PolicyDocument.Statement) out.push({ policy: id, statement });
    }
  }
  return out;
}

/** A Lambda function's environment variables (empty when it has none). */
export function environmentOf(fn: Record<string, unknown> | undefined): Record<string, unknown> {
  return (fn?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** A CloudFormation value flattened for matching: Refs and GetAtts become `<Id>` / `<Id.Attr>`. */
export function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('Ref' in v) return `<${String(v.Ref)}>`;
    if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(flat).join(sep);
    }
  }
  return JSON.stringify(value);
}
