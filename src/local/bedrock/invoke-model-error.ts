/** Thrown by a local InvokeModel handler to answer as Bedrock does with an error (status + x-amzn-errortype). */
export class InvokeModelError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
