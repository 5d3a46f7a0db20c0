import { createHash } from 'node:crypto';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnAgent, CfnAgentAlias } from 'aws-cdk-lib/aws-bedrock';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AgentDefinition } from '../../src/agents/agent-definition.js';
import { grantModelInvoke } from './bedrock-access.js';
import { type ArnScope, modelResources } from './bedrock-arns.js';
import { grantKeyUse } from './key-use.js';
import { StrataFunction } from './strata-function.js';

/** One action-group Lambda: the source file and export that serve an executor key of the definition. */
export interface ActionGroupHandler {
  /** Relative to the repository root, e.g. `src/agents/ecommerce/lambda.ts`. */
  readonly entry: string;
  /** The exported handler function. */
  readonly handler: string;
}

export interface EcommerceAgentProps {
  /** The agent as code (instructions, action groups, function schemas), shared with the local runtime. */
  readonly definition: AgentDefinition;
  /** Overrides the definition's model (inference profile or model id). */
  readonly foundationModel?: string;
  /** For each `executor.lambda` key in the definition, the code that serves it. */
  readonly handlers: Readonly<Record<string, ActionGroupHandler>>;
  /** Environment variable (one Strata's config reads) that carries the orders table name to the handlers. */
  readonly ordersTableVariable: string;
  readonly key: IKey;
  readonly logRetention: RetentionDays;
  readonly network?: { readonly vpc: IVpc; readonly securityGroup: ISecurityGroup };
  readonly removalPolicy: RemovalPolicy;
  readonly arnScope: ArnScope;
}

/**
 * The ecommerce Bedrock Agent: its instructions and function schemas come from the agent definition in
 * `src/agents/ecommerce/`; read functions run in the action-group Lambda, changes need the user's
 * confirmation (Bedrock returns control to Strata first), and the hand-off group returns control outright.
 * Also the orders table (on-demand, PITR, KMS) and a `live` alias that follows every definition change.
 */
export class EcommerceAgent extends Construct {
  readonly agent: CfnAgent;
  readonly alias: CfnAgentAlias;
  readonly ordersTable: Table;
  readonly functions: Readonly<Record<string, StrataFunction>>;

  constructor(scope: Construct, id: string, props: EcommerceAgentProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { definition, key } = props;
    const foundationModel = props.foundationModel ?? definition.foundationModel;

    this.ordersTable = new Table(this, 'Orders', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });

    const role = new Role(this, 'AgentRole', {
      description: 'Strata ecommerce agent: invokes its foundation model',
      assumedBy: new ServicePrincipal('bedrock.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:bedrock:${stack.region}:${stack.account}:agent/*`,
          },
        },
      }),
    });
    grantModelInvoke(role, [foundationModel], props.arnScope);
    const profile = modelResources(foundationModel, props.arnScope).profile;
    if (profile) {
      role.addToPolicy(
        new PolicyStatement({
          sid: 'ReadInferenceProfile',
          actions: ['bedrock:GetInferenceProfile'],
          resources: [profile],
        }),
      );
    }

    const functions: Record<string, StrataFunction> = {};
    for (const [name, code] of Object.entries(props.handlers)) {
      const fn = new StrataFunction(this, `Action-${name}`, {
        entry: code.entry,
        handler: code.handler,
        nativePackages: 'ship',
        description: `Strata ecommerce agent: ${name} action group`,
        memorySize: 512,
        timeout: Duration.seconds(30),
        environment: { [props.ordersTableVariable]: this.ordersTable.tableName },
        key,
        logRetention: props.logRetention,
        ...(props.network ? { network: props.network } : {}),
      });
      this.ordersTable.grant(
        fn.role,
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'dynamodb:TransactWriteItems',
        'dynamodb:ConditionCheckItem',
      );
      grantKeyUse(key, fn.role);
      functions[name] = fn;
    }
    this.functions = functions;

    this.agent = new CfnAgent(this, 'Agent', {
      agentName: `${definition.agentName}-${stack.stackName}`.slice(0, 100),
      description: definition.description,
      instruction: definition.instruction,
      foundationModel,
      idleSessionTtlInSeconds: definition.idleSessionTTLInSeconds,
      agentResourceRoleArn: role.roleArn,
      autoPrepare: true,
      actionGroups: definition.actionGroups.map((group) => {
        let executor: CfnAgent.ActionGroupExecutorProperty;
        if ('lambda' in group.executor) {
          const fn = functions[group.executor.lambda];
          if (fn === undefined) {
            throw new Error(
              `action group ${group.actionGroupName}: no handler given for "${group.executor.lambda}"`,
            );
          }
          executor = { lambda: fn.fn.functionArn };
        } else {
          executor = { customControl: group.executor.customControl };
        }
        return {
          actionGroupName: group.actionGroupName,
          description: group.description,
          actionGroupExecutor: executor,
          functionSchema: {
            functions: group.functionSchema.functions.map((f) => ({
              name: f.name,
              description: f.description,
              requireConfirmation: f.requireConfirmation,
              parameters: Object.fromEntries(
                Object.entries(f.parameters).map(([param, spec]) => [
                  param,
                  { type: spec.type, description: spec.description, required: spec.required },
                ]),
              ),
            })),
          },
        };
      }),
    });
    for (const [name, fn] of Object.entries(functions)) {
      fn.fn.addPermission(`InvokedByAgent-${name}`, {
        principal: new ServicePrincipal('bedrock.amazonaws.com'),
        sourceArn: this.agent.attrAgentArn,
        sourceAccount: stack.account,
      });
    }

    // A new alias description makes CloudFormation cut a new agent version, so `live` follows the definition.
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ definition, foundationModel }))
      .digest('hex')
      .slice(0, 12);
    this.alias = new CfnAgentAlias(this, 'Alias', {
      agentId: this.agent.attrAgentId,
      agentAliasName: 'live',
      description: `Strata ecommerce agent, definition ${fingerprint}`,
    });
  }
}
