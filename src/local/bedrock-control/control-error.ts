/** An error answered the way Bedrock's REST-JSON control plane does: status, x-amzn-errortype, `{message}`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new ControlError(400, 'ValidationException', message);
export const notFound = (message: string) => new ControlError(404, 'ResourceNotFoundException', message);
export const conflict = (message: string) => new ControlError(400, 'ConflictException', message);
