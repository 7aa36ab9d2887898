// The Node worker of cognito-emulator's local Lambda functions (src/lambda/local.rs): it loads one handler
// file and runs one invocation at a time for the emulator, like a warm Lambda execution environment.
//
// The channel to the emulator is fd 0, one end of a Unix socket pair, so nothing the handler prints to
// stdout or stderr can corrupt it. Messages are newline-delimited JSON, one per line:
//   emulator -> worker: {"id": "<request id>", "arn": "<invoked ARN>", "timeoutMs": <n>, "event": <event>}
//   worker -> emulator: {"id": ..., "ok": true, "result": <answer>}
//                    or {"id": ..., "ok": false, "errorType": "...", "errorMessage": "..."}
// and once, after loading the file, the same answer with the id "init". The worker exits when the channel
// closes, so it never outlives the emulator, even one that was killed.

import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const file = process.env.COGNITO_EMULATOR_HANDLER_FILE ?? '';
const exportName = process.env.COGNITO_EMULATOR_HANDLER_EXPORT || 'handler';
// The handler's code sees the environment of a Lambda function, not the emulator's plumbing.
delete process.env.COGNITO_EMULATOR_HANDLER_FILE;
delete process.env.COGNITO_EMULATOR_HANDLER_EXPORT;

const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? '';
const functionVersion = process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST';
const memoryLimitInMB = process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128';
const logGroupName = process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${functionName}`;
// Lambda's stream name: the date, the version and an id of the execution environment.
const logStreamName = `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[${functionVersion}]${randomBytes(16).toString('hex')}`;
process.env.AWS_LAMBDA_LOG_STREAM_NAME = logStreamName;

const channel = new net.Socket({ fd: 0, readable: true, writable: true });
// fd 0 is the channel: a handler (or a library) reading process.stdin must not take the emulator's requests.
Object.defineProperty(process, 'stdin', {
  configurable: true,
  enumerable: true,
  value: Readable.from([]),
});

// The emulator closed the channel (it stopped, or was killed): nothing more will come.
channel.on('end', () => process.exit(0));
channel.on('close', () => process.exit(0));
channel.on('error', () => process.exit(0));

function send(message) {
  channel.write(`${JSON.stringify(message)}\n`);
}

// Lambda's errorType and errorMessage of anything thrown, rejected or passed to a callback.
function describe(error) {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
    return { errorType: String(error.name || 'Error'), errorMessage: String(error.message ?? '') };
  }
  if (typeof error === 'string') {
    return { errorType: 'string', errorMessage: error };
  }
  let text;
  try {
    text = JSON.stringify(error);
  } catch {
    text = undefined;
  }
  return { errorType: typeof error, errorMessage: text ?? String(error) };
}

function logError(error) {
  // Lambda logs a failed invocation; the emulator's log shows the stack.
  process.stderr.write(`ERROR\tInvoke Error\t${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
}

let handler;
try {
  const mod = await import(pathToFileURL(file).href);
  handler = mod[exportName] ?? mod.default?.[exportName];
  if (typeof handler !== 'function') {
    const module = path.basename(file).replace(/\.[^.]*$/, '');
    failInit('Runtime.HandlerNotFound', `${module}.${exportName} is undefined or not exported`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
  if (error instanceof SyntaxError) {
    failInit('Runtime.UserCodeSyntaxError', `SyntaxError: ${error.message}`);
  } else if (error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'MODULE_NOT_FOUND') {
    failInit('Runtime.ImportModuleError', `Error: ${error.message}`);
  } else {
    const { errorType, errorMessage } = describe(error);
    failInit(errorType, errorMessage);
  }
}

function failInit(errorType, errorMessage) {
  handler = undefined;
  channel.end(`${JSON.stringify({ id: 'init', ok: false, errorType, errorMessage })}\n`, () => process.exit(1));
}

// The settle function of the invocation in progress, for errors that escape the handler asynchronously.
let current = null;

process.on('uncaughtException', (error) => escaped(error));
process.on('unhandledRejection', (error) => escaped(error));

function escaped(error) {
  // Lambda fails the invocation in progress; the worker keeps serving (the emulator must not mistake a
  // later request for one that crashed it).
  if (current) {
    current(error, undefined, true);
  } else {
    process.stderr.write(`uncaught error between invocations: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
}

function invoke(request) {
  const deadline = Date.now() + Number(request.timeoutMs ?? 3000);
  let settled = false;
  const settle = (error, result, failed) => {
    if (settled) {
      return;
    }
    settled = true;
    if (current === settle) {
      current = null;
    }
    if (failed || (error !== null && error !== undefined)) {
      logError(error);
      send({ id: request.id, ok: false, ...describe(error) });
      return;
    }
    let body;
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch (marshal) {
      send({ id: request.id, ok: false, errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${marshal.message}` });
      return;
    }
    channel.write(`{"id":${JSON.stringify(request.id)},"ok":true,"result":${body ?? 'null'}}\n`);
  };
  current = settle;
  const context = {
    functionName,
    functionVersion,
    invokedFunctionArn: request.arn,
    memoryLimitInMB,
    awsRequestId: request.id,
    logGroupName,
    logStreamName,
    identity: undefined,
    clientContext: undefined,
    // Accepted for compatibility: the answer is sent as soon as the handler settles.
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    succeed: (result) => settle(null, result),
    fail: (error) => settle(error ?? new Error('handled'), undefined, true),
    done: (error, result) => settle(error, result),
  };
  const callback = (error, result) => settle(error, result);
  try {
    const returned = handler(request.event, context, callback);
    if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function') {
      returned.then(
        (result) => settle(null, result),
        (error) => settle(error, undefined, true),
      );
    } else if (handler.length < 3) {
      // Neither a promise nor a callback: the returned value is the answer.
      settle(null, returned);
    }
  } catch (error) {
    settle(error, undefined, true);
  }
}

if (handler) {
  let buffered = '';
  channel.setEncoding('utf8');
  channel.on('data', (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.length === 0) {
        continue;
      }
      let request;
      try {
        request = JSON.parse(line);
      } catch (error) {
        process.stderr.write(`unreadable request from the emulator: ${error.message}\n`);
        process.exit(70);
      }
      invoke(request);
    }
  });
  send({ id: 'init', ok: true });
}
