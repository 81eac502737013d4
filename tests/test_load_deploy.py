"""Deployment pieces: /healthz, the console script, the CLI's options, the Dockerfile."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib

import pytest

from app import cli
from tests.conftest import ROOT, free_port


def test_healthz_answers_ok_with_the_worker_pid(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"status": "ok", "worker": os.getpid()}


def test_healthz_is_documented_in_openapi(client):
    assert "/healthz" in client.get("/openapi.json").json()["paths"]


def test_console_script_is_registered():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["backprop-explorer"] == "app.cli:main"


def test_cli_workers_default_to_the_environment(monkeypatch):
    monkeypatch.setenv("BPX_WORKERS", "3")
    args = cli.parse_args(["--port", "9001"])
    assert (args.workers, args.port, args.host) == (3, 9001, "127.0.0.1")


def test_cli_workers_default_to_one_per_core(monkeypatch):
    monkeypatch.delenv("BPX_WORKERS", raising=False)
    assert cli.parse_args([]).workers == max(1, os.cpu_count() or 1)


@pytest.mark.parametrize("bad", ["0", "65", "-2"])
def test_cli_rejects_a_worker_count_out_of_range(bad, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.parse_args(["--workers", bad])
    assert exc.value.code == 2
    assert "workers: must be between 1 and 64" in capsys.readouterr().err


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_image_runs_as_a_non_root_user():
    users = re.findall(r"^USER\s+(\S+)", dockerfile(), flags=re.M)
    assert users and users[-1] not in ("root", "0")
    assert f"useradd --system --uid 10001" in dockerfile()


def healthcheck_command() -> list[str]:
    """The HEALTHCHECK's exec-form CMD, as Docker would run it."""
    text = dockerfile().replace("\\\n", " ")
    match = re.search(r"^HEALTHCHECK .*?CMD (\[.*\])\s*$", text, flags=re.M)
    assert match, "Dockerfile has no exec-form HEALTHCHECK"
    command = json.loads(match.group(1))
    assert command[0] == "python"  # python:3.11-slim has no curl
    return [sys.executable, *command[1:]]


def test_healthcheck_passes_against_a_live_server(live_server):
    port = live_server.rsplit(":", 1)[1]
    done = subprocess.run(healthcheck_command(), env={**os.environ, "PORT": port}, timeout=10)
    assert done.returncode == 0


def test_healthcheck_fails_when_nothing_answers():
    done = subprocess.run(healthcheck_command(), env={**os.environ, "PORT": str(free_port())},
                          timeout=10, capture_output=True)
    assert done.returncode != 0


def test_image_serves_through_the_console_script():
    assert re.search(r'^CMD \["backprop-explorer"\]', dockerfile(), flags=re.M)


def _final_stage() -> list[str]:
    stages = re.split(r"^FROM ", dockerfile(), flags=re.M)
    return [line for line in stages[-1].splitlines() if line.strip()]


def test_image_installs_pinned_dependencies_before_the_code():
    """A layer that survives code changes: the locked dependencies come before COPY engine/app."""
    lines = _final_stage()
    deps = next(k for k, line in enumerate(lines) if "pip install" in line and "requirements.lock" in line)
    code = min(k for k, line in enumerate(lines) if re.match(r"COPY (engine|app)\b", line))
    assert deps < code
    assert not any(re.search(r"pip install .*(-e|--editable)\b", line) for line in lines)  # a normal install


def test_image_vendors_browser_code_with_the_vendor_script():
    assert "RUN python scripts/vendor.py" in dockerfile() and "COPY --from=vendor" in dockerfile()


def test_an_installed_package_serves_the_pages(tmp_path):
    """What the image does: `pip install --no-deps .` (not editable) and BPX_ROOT for templates."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(tmp_path / "site"), str(ROOT)], check=True, timeout=120)
    probe = ("import sys; from fastapi.testclient import TestClient; import app.main as m; "
             "assert m.__file__.startswith(sys.argv[1]), m.__file__; c = TestClient(m.app); "
             "assert c.get('/').status_code == 200 and c.get('/api/registry').status_code == 200")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "site")], cwd=tmp_path, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(tmp_path / "site"), "BPX_ROOT": str(ROOT)},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_no_registry_host_is_named_in_the_code():
    """Vendoring goes through npm's own configuration (mirrors, proxies): no URL of a registry."""
    sources = [ROOT / "scripts" / "vendor.py", ROOT / "Makefile", ROOT / "Dockerfile",
               *(ROOT / "app").rglob("*.py"), *(ROOT / "engine").rglob("*.py")]
    named = [p.name for p in sources if re.search(r"registry\.npmjs|pypi\.org|files\.pythonhosted", p.read_text())]
    assert not named, named
