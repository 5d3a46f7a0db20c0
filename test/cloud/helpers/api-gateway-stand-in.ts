import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export interface ApiGatewayStandIn {
  /** e.g. http://127.0.0.1:PORT/slack/events, for the Slack emulator's events URL. */
  url: string;
  /** Every response the function gave, in order. */
  responses: APIGatewayProxyStructuredResultV2[];
  close(): Promise<void>;
}

type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Body types an HTTP API passes through as text; anything else (form posts included) arrives base64-encoded. */
const textTypes = /^(application\/json|text\/)/;

/**
 * An HTTP API route `POST /slack/events` with a Lambda proxy integration (payload format 2.0): each HTTP
 * request becomes the event API Gateway would build, and the function's result becomes the HTTP response.
 */
export async function startApiGatewayStandIn(handler: LambdaHandler): Promise<ApiGatewayStandIn> {
  const responses: APIGatewayProxyStructuredResultV2[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://api');
      const contentType = String(req.headers['content-type'] ?? '');
      const base64 = !textTypes.test(contentType);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      const event: APIGatewayProxyEventV2 = {
        version: '2.0',
        routeKey: `${req.method} ${url.pathname}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        body: base64 ? body.toString('base64') : body.toString('utf8'),
        isBase64Encoded: base64,
        requestContext: {
          accountId: '123456789012',
          apiId: 'stand-in',
          domainName: 'stand-in.execute-api.us-east-1.amazonaws.com',
          domainPrefix: 'stand-in',
          http: {
            method: req.method ?? 'POST',
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: String(req.headers['user-agent'] ?? ''),
          },
          requestId: `req-${responses.length}`,
          routeKey: `${req.method} ${url.pathname}`,
          stage: '$default',
          time: new Date().toUTCString(),
          timeEpoch: Date.now(),
        },
      };
      if (event.routeKey !== 'POST /slack/events') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"Not Found"}');
        return;
      }
      handler(event, lambdaContext('strata-ingress')).then(
        (result) => {
          responses.push(result);
          res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
          res.end(result.body ?? '');
        },
        () => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"message":"Internal Server Error"}');
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    responses,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'request-id',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
