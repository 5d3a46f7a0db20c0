/**
 * The SDK throws modelled exception frames itself; this covers event streams that yield them as union
 * members instead (`throttlingException`, `validationException`, …). The error is named after the member.
 */
export function inStreamException(event: object): Error | undefined {
  for (const [member, value] of Object.entries(event)) {
    if (!member.endsWith('Exception') || value === undefined) continue;
    const error = new Error((value as { message?: string }).message);
    error.name = member.charAt(0).toUpperCase() + member.slice(1);
    return error;
  }
  return undefined;
}
