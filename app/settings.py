"""The one Settings object, read from the environment (BPX_* variables) once at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(f"BPX_{name}", default)


@dataclass(frozen=True)
class Settings:
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("PORT", _env("PORT", "8000"))))
    max_body_bytes: int = field(default_factory=lambda: int(_env("MAX_BODY_BYTES", str(1024 * 1024))))
    templates_dir: Path = ROOT / "templates"
    static_dir: Path = ROOT / "static"
    # /embed may be framed by these CSP frame-ancestors sources (space-separated); "*" = anyone.
    embed_frame_ancestors: str = field(default_factory=lambda: _env("EMBED_FRAME_ANCESTORS", "*"))
    # Origins whose postMessage commands an embed obeys (comma-separated); "*" = any origin.
    embed_allowed_origins: tuple[str, ...] = field(default_factory=lambda: tuple(
        o.strip() for o in _env("EMBED_ALLOWED_ORIGINS", "*").split(",") if o.strip()) or ("*",))


def get_settings() -> Settings:
    return Settings()
