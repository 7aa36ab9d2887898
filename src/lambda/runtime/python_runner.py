"""The Python worker of cognito-emulator's local Lambda functions (src/lambda/local.rs).

It loads one handler file and runs one invocation at a time for the emulator, like a warm Lambda
execution environment. The channel to the emulator arrives as fd 0, one end of a Unix socket pair; it is
moved to a private descriptor and fd 0 becomes /dev/null, so neither the handler's prints nor its reads
of stdin nor its subprocesses can touch it. Messages are newline-delimited JSON, one per line:
  emulator -> worker: {"id": "<request id>", "arn": "<invoked ARN>", "timeoutMs": <n>, "event": <event>}
  worker -> emulator: {"id": ..., "ok": true, "result": <answer>}
                   or {"id": ..., "ok": false, "errorType": "...", "errorMessage": "..."}
and once, after loading the file, the same answer with the id "init". The worker exits when the channel
closes, so it never outlives the emulator, even one that was killed.
"""

import decimal
import importlib.util
import json
import os
import socket
import sys
import time
import traceback
import uuid


def take_channel():
    # os.dup makes a non-inheritable descriptor: the handler's subprocesses do not hold the channel open.
    channel = socket.socket(fileno=os.dup(0))
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    return channel


def send(channel, message):
    channel.sendall((json.dumps(message, separators=(",", ":")) + "\n").encode())


def decimal_serializer(value):
    # What Lambda's Python runtime does with the Decimals of DynamoDB items.
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class Context:
    """Lambda's context object."""

    def __init__(self, request_id, arn, deadline, names):
        self.function_name, self.function_version, self.memory_limit_in_mb = names[:3]
        self.log_group_name, self.log_stream_name = names[3:]
        self.invoked_function_arn = arn
        self.aws_request_id = request_id
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def load(path, export):
    """The handler function, or (errorType, errorMessage) as Lambda reports a failed init."""
    module_name = os.path.splitext(os.path.basename(path))[0]
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    try:
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        # Registered like an imported module (unless that would shadow one already loaded), so the
        # handler's own modules can import it back.
        sys.modules.setdefault(module_name, module)
        spec.loader.exec_module(module)
    except SyntaxError as e:
        traceback.print_exc()
        return None, ("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {e}")
    except ImportError as e:
        traceback.print_exc()
        return None, ("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {e}")
    except Exception as e:  # noqa: BLE001 - any failure of the module's top level fails the init
        traceback.print_exc()
        return None, (type(e).__name__, str(e))
    names = [export] if export else ["handler", "lambda_handler"]
    for name in names:
        handler = getattr(module, name, None)
        if callable(handler):
            return handler, None
    return None, ("Runtime.HandlerNotFound", f"Handler '{names[0]}' missing on module '{module_name}'")


def main():
    channel = take_channel()
    path = os.environ.pop("COGNITO_EMULATOR_HANDLER_FILE", "")
    export = os.environ.pop("COGNITO_EMULATOR_HANDLER_EXPORT", "")
    version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
    stream = time.strftime("%Y/%m/%d", time.gmtime()) + f"/[{version}]" + uuid.uuid4().hex
    os.environ["AWS_LAMBDA_LOG_STREAM_NAME"] = stream
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
    names = (
        function_name,
        version,
        os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
        os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", f"/aws/lambda/{function_name}"),
        stream,
    )

    handler, failure = load(path, export)
    if failure is not None:
        send(channel, {"id": "init", "ok": False, "errorType": failure[0], "errorMessage": failure[1]})
        channel.close()
        sys.exit(1)
    send(channel, {"id": "init", "ok": True})

    reader = channel.makefile("rb")
    while True:
        line = reader.readline()
        if not line:
            # The emulator closed the channel. os._exit: a thread the handler started must not keep the
            # worker alive.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        if not line.strip():
            continue
        request = json.loads(line)
        request_id = request.get("id")
        deadline = time.monotonic() + float(request.get("timeoutMs", 3000)) / 1000
        context = Context(request_id, request.get("arn", ""), deadline, names)
        try:
            result = handler(request.get("event"), context)
        except Exception as e:  # noqa: BLE001 - the function's error is the invocation's answer
            print(f"[ERROR] {type(e).__name__}: {e}", file=sys.stderr)
            traceback.print_exc()
            send(channel, {"id": request_id, "ok": False, "errorType": type(e).__name__, "errorMessage": str(e)})
            continue
        try:
            body = json.dumps(result, separators=(",", ":"), default=decimal_serializer, allow_nan=False)
        except (TypeError, ValueError) as e:
            send(
                channel,
                {
                    "id": request_id,
                    "ok": False,
                    "errorType": "Runtime.MarshalError",
                    "errorMessage": f"Unable to marshal response: {e}",
                },
            )
            continue
        channel.sendall(('{"id":' + json.dumps(request_id) + ',"ok":true,"result":' + body + "}\n").encode())


if __name__ == "__main__":
    main()
