"""The fake DeepSeek server as a standalone process, the way the end-to-end tmux test will run it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.llm_helpers import TEST_KEY

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake_process() -> Iterator[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakes.deepseek_server",
            "--port",
            "0",
            "--fail-after",
            "1",
            "--api-key",
            TEST_KEY,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the server is listening (or the process died)
        assert line.startswith("fake-deepseek listening on http://127.0.0.1:"), (
            process.stderr.read() if process.stderr else ""
        )
        yield line.split()[-1]
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0  # SIGTERM is a clean shutdown


def test_standalone_server_serves_then_fails_after_k(fake_process: str) -> None:
    headers = {"Authorization": f"Bearer {TEST_KEY}"}
    body = {"model": "deepseek-v4-flash", "messages": [{"role": "user", "content": "hi"}]}
    with httpx.Client(base_url=fake_process, timeout=5) as http:
        assert http.get("/models", headers={"Authorization": "Bearer wrong"}).status_code == 401
        models = http.get("/models", headers=headers).json()
        assert "deepseek-v4-flash" in [m["id"] for m in models["data"]]
        first = http.post("/chat/completions", json=body, headers=headers)
        assert first.json()["choices"][0]["message"]["content"] == "ok"
        second = http.post("/chat/completions", json=body, headers=headers)
        assert second.status_code == 503


def test_standalone_server_as_a_local_model_without_json_mode() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.deepseek_server", "--models", "llama3.2:3b", "--no-json-mode"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1]
        body = {"model": "llama3.2:3b", "messages": [{"role": "user", "content": "hi"}]}
        with httpx.Client(base_url=url + "/v1", timeout=5) as http:  # no key: none is needed
            assert [m["id"] for m in http.get("/models").json()["data"]] == ["llama3.2:3b"]
            refused = http.post("/chat/completions", json={**body, "response_format": {"type": "json_object"}})
            assert refused.status_code == 400 and "response_format" in refused.text
            assert http.post("/chat/completions", json=body).json()["choices"][0]["message"]["content"] == "ok"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
