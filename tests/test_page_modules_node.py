"""The page's DOM-free modules under `node --test` (tests/js/), on the server's own answers:
the chain rule must give the worked example's ∂E/∂w5 = 0.082167041, and the page's frame
decoder must read the server's binary frames."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from app import frames
from app.trainer import Trainer
from app.ws_messages import parse


def write_frames(client, folder: Path) -> None:
    """A hand-made binary frame and a real one (circle, with hidden maps) plus its JSON form."""
    tiny = {"type": "frame", "iteration": 3, "train_loss": None, "focus": {"a": [[1, 2]]},
            "params": {"weights": [np.array([[0.1, 1 / 3]]), np.array([[-2.5e-300], [7.0]])],
                       "biases": [np.array([0.2]), np.array([np.finfo(float).max])]},
            "grid": {"x": [-1, 1], "values": np.array([[0.5, np.nan]], dtype=np.float32)},
            "hidden_grids": [np.zeros((2, 3, 3), dtype=np.float32)]}
    tiny["hidden_grids"][0][1, 1, 1] = 0.25
    (folder / "tiny.bin").write_bytes(frames.encode_binary(tiny))
    state = client.get("/api/presets/circle").json()["state"]
    trainer = Trainer(parse(json.dumps({"type": "start", "state": state, "hidden_grid_size": 16})))
    trainer.train_slice(50, 1.0)
    frame = trainer.frame()
    (folder / "circle.bin").write_bytes(frames.encode_binary(frame))
    (folder / "circle.json").write_text(frames.encode_json(frame))


def test_page_modules_pass_node_test(client, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make test` installs Debian's nodejs")
    (tmp_path / "registry.json").write_text(json.dumps(client.get("/api/registry").json()))
    (tmp_path / "mazur.json").write_text(json.dumps(client.get("/api/presets/mazur").json()))
    write_frames(client, tmp_path)
    result = subprocess.run([node, "--test", "tests/js/"], capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "BPX_FIXTURES": str(tmp_path)},
                            cwd=str(Path(__file__).resolve().parent.parent))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 21" in result.stdout, result.stdout[-2000:]
