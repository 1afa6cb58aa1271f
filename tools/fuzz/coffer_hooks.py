"""Coffer's schemathesis hooks (loaded with SCHEMATHESIS_HOOKS).

Checks: a refusal is JSON with a stable `code` and a `message` a person can read, and no answer
leaks how the server is built (no stack frame, source path, or name of a library or database).

Data: ids of real resources (COFFER_FUZZ_IDS, JSON by the path segment naming the kind) replace
half of the generated path ids, so requests get past "not found" into the handlers.
"""

import json
import os
import re
import zlib

import schemathesis

REAL_IDS = json.loads(os.environ.get("COFFER_FUZZ_IDS", "{}"))
KIND_OF_PATH = re.compile(r"^/api/console/([a-z-]+)/\{")

# What a leaked stack trace or internal error looks like in Node, Nest, MongoDB or kafkajs.
INTERNAL_DETAIL = re.compile(
    r"\bat [\w.<>]+ \(|node:internal|/dist/apps/|\.ts:\d+|\.js:\d+|"
    r"Mongo\w*Error|E11000|Kafka\w*Error|RpcException|TypeError|ReferenceError|SyntaxError",
)


@schemathesis.check
def refusals_are_clear(ctx, response, case):
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.text)
    except ValueError:
        raise AssertionError(f"{response.status_code} without a JSON body: {response.text[:200]!r}")
    if not isinstance(body, dict):
        raise AssertionError(f"{response.status_code} body is not an object: {response.text[:200]!r}")
    code, message = body.get("code"), body.get("message")
    if not isinstance(code, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", code):
        raise AssertionError(f"{response.status_code} without a code: {response.text[:200]!r}")
    if not isinstance(message, str) or len(message) < 10:
        raise AssertionError(f"{response.status_code} without a human message: {response.text[:200]!r}")
    return None


@schemathesis.check
def no_internal_detail(ctx, response, case):
    if INTERNAL_DETAIL.search(response.text or ""):
        raise AssertionError(f"internal detail in the answer: {response.text[:300]!r}")
    return None


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    match = KIND_OF_PATH.match(ctx.operation.path) if ctx.operation else None
    real = REAL_IDS.get(match.group(1)) if match else None
    if not path_parameters or not real:
        return path_parameters
    for name in path_parameters:
        # Half of them, chosen by the generated value itself, so a seeded run stays repeatable.
        generated = str(path_parameters[name]).encode()
        if name != "action" and zlib.crc32(generated) % 2 == 0:
            path_parameters[name] = real
    return path_parameters
