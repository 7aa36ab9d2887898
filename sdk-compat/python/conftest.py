"""Fixtures shared by every sdk-compat Python suite.

- `emulator` (session): the built binary ($COGNITO_EMULATOR_BIN) started once on port 0. Tests share it,
  so create resources with unique names (`emulator.unique`) and never reset it.
- `own_emulator` (function): a private emulator for tests that need a clean slate or reset.
- `endpoint_url`: its URL. The AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER / _COGNITO_IDENTITY variables
  are set to it for the whole session, so clients built with no endpoint_url reach it too.
- `idp`, `identity`: boto3 clients with an explicit endpoint_url; `idp_env`: one configured by env only.
- `aws`: runs the venv's AWS CLI (`aws("cognito-idp", "list-user-pools", "--max-results", "5")`) and
  returns a CliResult with `.code`, `.json`, `.stderr`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from emulator import Emulator  # noqa: E402

REGION = "us-east-1"


def _dummy_credentials() -> None:
    # run.sh sets these too; repeated here so `pytest` can be run directly.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "AKIAEMULATOREXAMPLE")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "emulator-secret-example")
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    os.environ.setdefault("AWS_REGION", REGION)
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def emulator():
    _dummy_credentials()
    emu = Emulator.start()
    os.environ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = emu.url
    os.environ["AWS_ENDPOINT_URL_COGNITO_IDENTITY"] = emu.url
    yield emu
    emu.stop()


@pytest.fixture
def own_emulator():
    _dummy_credentials()
    emu = Emulator.start()
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def endpoint_url(emulator) -> str:
    return emulator.url


@pytest.fixture(scope="session")
def idp(endpoint_url):
    return boto3.client("cognito-idp", region_name=REGION, endpoint_url=endpoint_url)


@pytest.fixture(scope="session")
def identity(endpoint_url):
    return boto3.client("cognito-identity", region_name=REGION, endpoint_url=endpoint_url)


@pytest.fixture(scope="session")
def idp_env(emulator):
    """A client configured only through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER."""
    return boto3.client("cognito-idp", region_name=REGION)


@pytest.fixture(scope="session")
def identity_env(emulator):
    """A client configured only through AWS_ENDPOINT_URL_COGNITO_IDENTITY."""
    return boto3.client("cognito-identity", region_name=REGION)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout) if self.stdout.strip() else None


def _aws_executable() -> str:
    venv_aws = Path(sys.executable).parent / "aws"
    return str(venv_aws) if venv_aws.exists() else "aws"


@pytest.fixture(scope="session")
def aws(emulator, tmp_path_factory):
    """Runs the AWS CLI against the emulator. By default passes --endpoint-url; with
    `endpoint=False` it relies on the AWS_ENDPOINT_URL_* variables instead."""

    # The CLI v1 reads parameter values that start with http:// or https:// from that URL (callback URLs,
    # resource-server identifiers); cli_follow_urlparam = false makes it take them as they are, and keeps
    # the tests off the network.
    config = tmp_path_factory.mktemp("aws-cli") / "config"
    config.write_text("[default]\ncli_follow_urlparam = false\n")
    env = {**os.environ, "AWS_CONFIG_FILE": str(config)}

    def run(*args: str, endpoint: bool = True, timeout: float = 60) -> CliResult:
        cmd = [_aws_executable(), *args, "--output", "json", "--region", REGION]
        if endpoint:
            cmd += ["--endpoint-url", emulator.url]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        return CliResult(p.returncode, p.stdout, p.stderr)

    return run
