import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.js';

export interface SlackCredentialsProps {
  readonly key: IKey;
  /** Use an existing secret (same JSON shape) instead of creating one. */
  readonly existingSecretArn?: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The Slack bot token and signing secret, as one JSON secret the functions read at cold start. The
 * stack creates it with empty fields (no token ever appears in the template); an operator fills it in:
 * `aws secretsmanager put-secret-value --secret-id <arn> --secret-string '{"botToken":"xoxb-…","signingSecret":"…"}'`.
 */
export class SlackCredentials extends Construct {
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: SlackCredentialsProps) {
    super(scope, id);
    if (props.existingSecretArn) {
      this.secret = Secret.fromSecretCompleteArn(this, 'Existing', props.existingSecretArn);
      return;
    }
    const secret = new Secret(this, 'Secret', {
      description:
        'Strata Slack credentials: {"botToken":"xoxb-…","signingSecret":"…"} (appToken for Socket Mode)',
      encryptionKey: props.key,
      // Generated placeholder: the template holds only empty field names; the functions say which field is missing.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ botToken: '', signingSecret: '' }),
        generateStringKey: 'placeholder',
      },
      removalPolicy: props.removalPolicy,
    });
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'Slack issues the bot token and signing secret; they are rotated in the Slack app settings and then ' +
        'written here (README: Deploying to AWS). A rotation Lambda cannot mint Slack credentials.',
    );
    this.secret = secret;
  }
}
