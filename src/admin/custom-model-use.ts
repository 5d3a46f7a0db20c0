import type { AuditLog } from '../access/audit-log.js';
import type { CustomizationClient } from '../bedrock/customization.js';
import { StrataError } from '../errors.js';
import type { SettingsStore } from '../store/settings-store.js';

export interface CustomModelUse {
  /** Makes the custom model this channel's chat model, once it can be invoked. Returns the id chat will use. */
  useInChannel(input: { customModelArn: string; channel: string; admin: string }): Promise<string>;
  /** Starts an on-demand deployment (CreateCustomModelDeployment). */
  deploy(input: { customModelArn: string; channel: string; admin: string }): Promise<string>;
}

const CUSTOM_MODEL_ARN = /^arn:aws[\w-]*:bedrock:[\w-]+:\d{12}:custom-model\/\S+$/;

export function createCustomModelUse(deps: {
  customization: CustomizationClient;
  settings: SettingsStore | undefined;
  audit: AuditLog;
  now: () => Date;
}): CustomModelUse {
  const checkArn = (arn: string) => {
    if (!CUSTOM_MODEL_ARN.test(arn)) {
      throw new StrataError('bad_input', `not a custom model ARN: ${arn.slice(0, 200)}`, {
        userMessage: 'That button does not name a custom model.',
      });
    }
  };

  return {
    async useInChannel({ customModelArn, channel, admin }) {
      checkArn(customModelArn);
      if (!deps.settings) {
        throw new StrataError('internal', 'no settings store', {
          userMessage: 'Channel settings are not available in this deployment.',
        });
      }
      const targets = await deps.customization.invocationTargets(customModelArn);
      const active = targets.deployments.find((d) => d.status === 'Active');
      const modelId = targets.provisioned[0] ?? active?.arn;
      if (modelId === undefined) {
        const creating = targets.deployments.find((d) => d.status === 'Creating');
        await deps.audit.record({
          actor: admin,
          action: 'settings.channel-model',
          channel,
          parameters: { customModelArn },
          outcome: 'invalid',
          detail: 'not invocable yet',
        });
        throw new StrataError('bad_input', `${customModelArn} has no invocation target`, {
          userMessage: creating
            ? `The on-demand deployment \`${creating.name}\` is still being created. Try again in a few minutes.`
            : 'This custom model cannot answer yet: it needs Provisioned Throughput or an on-demand deployment first. Press *Deploy on demand*, or buy Provisioned Throughput in the Bedrock console, then try again.',
        });
      }
      const current = await deps.settings.get({ kind: 'channel', id: channel });
      await deps.settings.put({ kind: 'channel', id: channel }, { ...current, modelId }, admin);
      await deps.audit.record({
        actor: admin,
        action: 'settings.channel-model',
        channel,
        parameters: { customModelArn, modelId, previous: current.modelId ?? null },
        outcome: 'ok',
      });
      return modelId;
    },

    async deploy({ customModelArn, channel, admin }) {
      checkArn(customModelArn);
      const name =
        `strata-${customModelArn.split('/').at(-1) ?? 'model'}-${deps.now().getTime().toString(36)}`.slice(
          0,
          63,
        );
      const { deploymentArn } = await deps.customization.deployOnDemand(customModelArn, name);
      await deps.audit.record({
        actor: admin,
        action: 'finetune.deploy',
        channel,
        parameters: { customModelArn, deploymentArn },
        outcome: 'ok',
      });
      return deploymentArn;
    },
  };
}
