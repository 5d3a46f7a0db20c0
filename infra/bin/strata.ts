import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from '../lib/stack-settings.js';
import { StrataStack } from '../lib/strata-stack.js';

/**
 * `npx cdk synth` / `npx cdk deploy`. Parameters come from context (`-c strata:vpc=false`, see README);
 * account and region from the CLI's environment. cdk-nag's AwsSolutions pack checks the whole app and stops the synth on any unacknowledged finding.
 */
const app = new App();
const settings = readSettings((key) => app.node.tryGetContext(key));
const stackName = String(app.node.tryGetContext('strata:stackName') ?? 'Strata');

const stack = new StrataStack(app, stackName, {
  settings,
  description: 'Strata: Amazon Bedrock in Slack (ingress, worker, stores, agent, monitoring)',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Tags.of(stack).add('app', 'strata');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
