import { RemovalPolicy } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The AWS services Strata calls, each reached through an interface endpoint inside the VPC. */
export const INTERFACE_ENDPOINTS = {
  BedrockRuntime: InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME,
  BedrockAgentRuntime: InterfaceVpcEndpointAwsService.BEDROCK_AGENT_RUNTIME,
  Bedrock: InterfaceVpcEndpointAwsService.BEDROCK,
  SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Sqs: InterfaceVpcEndpointAwsService.SQS,
  Logs: InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
} as const;

export interface StrataNetworkProps {
  /** NAT gateways for the one destination outside AWS: Slack's Web API. 1 is cheap; one per AZ survives an AZ outage. */
  readonly natGateways: number;
  readonly maxAzs: number;
  readonly key: IKey;
  readonly logRetention: RetentionDays;
}

/**
 * A VPC whose private subnets reach Bedrock, Secrets Manager, SQS and CloudWatch Logs through interface
 * endpoints and S3/DynamoDB through gateway endpoints, so no AWS traffic crosses the public internet.
 * Only Slack's API (HTTPS) leaves through NAT. Flow logs record every rejected and accepted flow.
 */
export class StrataNetwork extends Construct {
  readonly vpc: Vpc;
  /** Strata's functions and tasks: HTTPS out, nothing in. */
  readonly workloadSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: StrataNetworkProps) {
    super(scope, id);
    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: props.maxAzs,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: {
        S3: { service: GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    const flowLogs = new LogGroup(this, 'FlowLogs', {
      encryptionKey: props.key,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: FlowLogTrafficType.ALL,
    });

    this.workloadSecurityGroup = new SecurityGroup(this, 'Workload', {
      vpc: this.vpc,
      description: 'Strata functions and tasks: HTTPS out only',
      allowAllOutbound: false,
    });
    this.workloadSecurityGroup.addEgressRule(
      Peer.anyIpv4(),
      Port.tcp(443),
      'HTTPS to AWS endpoints and Slack',
    );

    const endpoints = new SecurityGroup(this, 'Endpoints', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from Strata workloads only',
      allowAllOutbound: false,
    });
    endpoints.addIngressRule(this.workloadSecurityGroup, Port.tcp(443), 'HTTPS from Strata workloads');
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        securityGroups: [endpoints],
        open: false,
        subnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      });
    }
  }
}
