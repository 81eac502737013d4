"""The page's DOM-free modules under `node --test` (tests/js/), on the server's own answers:
the chain rule must give the worked example's ∂E/∂w5 = 0.082167041."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def test_page_modules_pass_node_test(client, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make test` installs Debian's nodejs")
    (tmp_path / "registry.json").write_text(json.dumps(client.get("/api/registry").json()))
    (tmp_path / "mazur.json").write_text(json.dumps(client.get("/api/presets/mazur").json()))
    result = subprocess.run([node, "--test", "tests/js/"], capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "BPX_FIXTURES": str(tmp_path)},
                            cwd=str(Path(__file__).resolve().parent.parent))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 7" in result.stdout, result.stdout[-2000:]
