"""Helpers for the sdk-compat suites: start the built emulator binary on port 0, and talk to its
`/_emulator/` API. Import from tests (`from emulator import ...`); fixtures live in conftest.py."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

PREFIX = "cognito-emulator listening on "


@dataclass
class Emulator:
    """A running emulator process."""

    url: str
    process: subprocess.Popen
    log_path: Path
    _session: requests.Session = field(default_factory=requests.Session, repr=False)

    @classmethod
    def start(cls, binary: str | None = None, *extra_args: str, timeout: float = 15.0) -> "Emulator":
        """Spawns the binary with `--port 0` and reads the address line from its stdout."""
        binary = binary or os.environ["COGNITO_EMULATOR_BIN"]
        log = tempfile.NamedTemporaryFile(prefix="cognito-emulator-", suffix=".log", delete=False)
        proc = subprocess.Popen(
            [binary, "--port", "0", "--log-level", os.environ.get("EMULATOR_LOG_LEVEL", "warn"), *extra_args],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        deadline = time.monotonic() + timeout
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith(PREFIX):
            proc.kill()
            raise RuntimeError(f"emulator did not print its address (got {line!r}); log: {log.name}")
        url = line[len(PREFIX):].strip()
        emu = cls(url=url, process=proc, log_path=Path(log.name))
        while time.monotonic() < deadline:
            try:
                if emu.health().get("status") == "ok":
                    return emu
            except requests.RequestException:
                time.sleep(0.02)
        proc.kill()
        raise RuntimeError(f"emulator at {url} never answered /_emulator/health; log: {log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        # The log (stderr) is only kept when asked for, so repeated runs do not pile files up in /tmp.
        if not os.environ.get("KEEP_EMULATOR_LOGS"):
            self.log_path.unlink(missing_ok=True)

    # ---- the /_emulator/ API ----

    def health(self) -> dict[str, Any]:
        r = self._session.get(f"{self.url}/_emulator/health", timeout=5)
        r.raise_for_status()
        return r.json()

    def reset(self) -> None:
        """Forgets all state. Only for suites that own their emulator (see the `own_emulator` fixture)."""
        self._session.post(f"{self.url}/_emulator/reset", timeout=5).raise_for_status()

    def messages(self, user_pool_id: str | None = None, username: str | None = None) -> list[dict[str, Any]]:
        """The message outbox (emails/SMS the emulator 'sent'), oldest first, optionally filtered."""
        params = {k: v for k, v in (("userPoolId", user_pool_id), ("username", username)) if v}
        r = self._session.get(f"{self.url}/_emulator/messages", params=params, timeout=5)
        r.raise_for_status()
        body = r.json()
        return body.get("messages", body) if isinstance(body, dict) else body

    def clear_messages(self) -> None:
        self._session.delete(f"{self.url}/_emulator/messages", timeout=5).raise_for_status()

    def raw(self, target: str, body: Any, headers: dict[str, str] | None = None) -> requests.Response:
        """One JSON 1.1 call without an SDK, e.g. raw('AWSCognitoIdentityProviderService.ListUserPools', {...})."""
        h = {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1", **(headers or {})}
        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return self._session.post(f"{self.url}/", data=data, headers=h, timeout=10)


def unique(prefix: str = "t") -> str:
    """A name unlikely to collide with other tests sharing the session emulator."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"
