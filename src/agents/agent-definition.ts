/**
 * An agent as code, in the shape Bedrock's CreateAgent / CreateAgentActionGroup (and CDK's CfnAgent)
 * take it: the infra stack deploys it, and the local agent runtime serves it.
 */

export interface FunctionParameterSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array';
  description: string;
  required: boolean;
}

export interface AgentFunctionSpec {
  name: string;
  description: string;
  parameters: Record<string, FunctionParameterSpec>;
  /** ENABLED: Bedrock returns control for the user's confirmation before the call runs. */
  requireConfirmation: 'ENABLED' | 'DISABLED';
}

export interface ActionGroupSpec {
  actionGroupName: string;
  description: string;
  /**
   * `lambda` names the handler (a key of the agent's Lambda handlers) that Bedrock invokes;
   * `RETURN_CONTROL` hands every call back to Strata to run.
   */
  executor: { lambda: string } | { customControl: 'RETURN_CONTROL' };
  functionSchema: { functions: AgentFunctionSpec[] };
}

export interface AgentDefinition {
  agentName: string;
  description: string;
  instruction: string;
  /** Inference profile or model id the deployed agent uses. */
  foundationModel: string;
  idleSessionTTLInSeconds: number;
  actionGroups: ActionGroupSpec[];
}

/** The function spec for a call, or undefined when the agent does not declare it. */
export function findFunction(
  definition: AgentDefinition,
  actionGroup: string,
  functionName: string,
): { group: ActionGroupSpec; fn: AgentFunctionSpec } | undefined {
  const group = definition.actionGroups.find((g) => g.actionGroupName === actionGroup);
  const fn = group?.functionSchema.functions.find((f) => f.name === functionName);
  return group && fn ? { group, fn } : undefined;
}
