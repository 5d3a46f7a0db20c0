import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.js';
import { BUNDLE_TARGET, LAMBDA_NODE_MAJOR, NATIVE_STUB, REQUIRE_BANNER } from './bundle-options.js';
import { NATIVE_PACKAGES } from './native-packages.js';

/** The repository root: entries and the lock file are resolved from here. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The functions' Node.js runtime (LTS); the bundle targets the same version. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;
if (FUNCTION_RUNTIME.name !== `nodejs${LAMBDA_NODE_MAJOR}.x`) {
  throw new Error(
    `FUNCTION_RUNTIME ${FUNCTION_RUNTIME.name} and LAMBDA_NODE_MAJOR ${LAMBDA_NODE_MAJOR} must move together`,
  );
}

/**
 * What a function gets for the native packages (NATIVE_PACKAGES): `ship` copies the ones its bundle
 * imports, with their run-time dependencies, next to the bundle; `stub` aliases them to a module that
 * throws when used, for functions that never run jobs (the ingress must stay small to ack fast).
 */
export type NativePackages = 'ship' | 'stub';

export interface StrataFunctionProps {
  /** Source file, relative to the repository root, e.g. `src/cloud/lambda-ingress.ts`. */
  readonly entry: string;
  /** Exported function name in `entry`. Default `handler`. */
  readonly handler?: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Plain configuration only: names, ARNs, URLs. Secrets are read from Secrets Manager at cold start. */
  readonly environment: Record<string, string>;
  readonly key: IKey;
  readonly logRetention: RetentionDays;
  /** When set, the function runs in the VPC's private subnets with this security group. */
  readonly network?: { readonly vpc: IVpc; readonly securityGroup: ISecurityGroup };
  readonly reservedConcurrency?: number;
  readonly nativePackages: NativePackages;
}

/**
 * A Node.js function bundled locally with esbuild (never Docker) into one ESM file, with the AWS SDK
 * bundled at the exact versions Strata is tested with. Its role starts empty apart from writing to its
 * own KMS-encrypted log group; callers grant the rest.
 */
export class StrataFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: StrataFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      encryptionKey: props.key,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Strata)`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    if (props.network) {
      this.role.addManagedPolicy(
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
      acknowledge(
        this.role,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        'AWSLambdaVPCAccessExecutionRole only lets Lambda manage the network interfaces of a VPC function; ' +
          'those EC2 actions have no resource-level scoping to write a narrower policy with.',
      );
    }

    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: props.handler ?? 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.X86_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      ...(props.network
        ? {
            vpc: props.network.vpc,
            vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
            securityGroups: [props.network.securityGroup],
          }
        : {}),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        platform: 'node',
        mainFields: ['module', 'main'],
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        banner: REQUIRE_BANNER,
        ...(props.nativePackages === 'ship'
          ? { externalModules: [...NATIVE_PACKAGES] }
          : { esbuildArgs: { '--alias': NATIVE_PACKAGES.map((name) => `${name}=./${NATIVE_STUB}`) } }),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => [
            `npx --no-install tsx infra/bin/native-packages.ts ${props.nativePackages === 'ship' ? 'copy' : 'stub'} "${outputDir}"`,
          ],
        },
      },
    });
    if (props.nativePackages === 'ship') {
      acknowledge(
        this.fn,
        'AwsSolutions-L1',
        'Node.js 22 (LTS) is the newest runtime the shipped native packages are built for and Strata is tested on; ' +
          'the runtime is one constant (FUNCTION_RUNTIME) to move together with the native builds.',
      );
    } else {
      acknowledge(
        this.fn,
        'AwsSolutions-L1',
        'All Strata functions share one Node.js LTS runtime (22) matching the worker, whose native packages are ' +
          'built for it; FUNCTION_RUNTIME moves them together.',
      );
    }
  }
}
