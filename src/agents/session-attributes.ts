/**
 * Session attributes Strata sends with every InvokeAgent. Bedrock passes them to action group Lambdas,
 * which record who asked for a change.
 */
export const SLACK_USER_ATTRIBUTE = 'slackUser';
export const SLACK_CHANNEL_ATTRIBUTE = 'slackChannel';
