"""Vendor the third-party browser code the app serves, at pinned versions, with licences.

Only /docs uses third-party code: Swagger UI (swagger-ui-dist on the npm registry, Apache-2.0).
The tarball is fetched by npm itself (`npm pack NAME@VERSION`, which honours the machine's npm
configuration: registry, mirror, proxy, cache) and its SHA-512 is pinned, so a changed or
corrupted download is refused. The files land
in static/vendor/swagger-ui/ with the package's LICENSE and NOTICE and a VERSION file; nothing
is fetched again while VERSION matches. Run by `make run`, `make test` and the Dockerfile.

Usage: python scripts/vendor.py
"""
from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE, VERSION = "swagger-ui-dist", "5.17.14"
INTEGRITY = "sha512-CVbSfaLpstV65OnSjbXfVd6Sta3q3F7Cj/yYuvHMp1P90LztOLs6PfUnKEVAeiIVQt9u2SaPwv0LiH/OyMjHRw=="
FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE")
TARGET = Path(__file__).resolve().parent.parent / "static" / "vendor" / "swagger-ui"


def up_to_date() -> bool:
    stamp = TARGET / "VERSION"
    return stamp.exists() and stamp.read_text().strip() == f"{PACKAGE}@{VERSION}" and all(
        (TARGET / name).exists() for name in FILES)


def download() -> bytes:
    """The pinned tarball, through npm (`make vendor` installs Debian's npm where it is missing)."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is missing: install Debian's npm (make vendor does) and run again")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([npm, "pack", f"{PACKAGE}@{VERSION}", "--silent", "--pack-destination", folder],
                       check=True, stdout=subprocess.DEVNULL, timeout=300)
        data = next(Path(folder).glob("*.tgz")).read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"{PACKAGE}@{VERSION}: integrity {digest} does not match the pinned {INTEGRITY}")
    return data


def extract(data: bytes) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in FILES:
            member = tar.getmember(f"package/{name}")
            (TARGET / name).write_bytes(tar.extractfile(member).read())
    (TARGET / "VERSION").write_text(f"{PACKAGE}@{VERSION}\n")


def main() -> int:
    if up_to_date():
        return 0
    extract(download())
    print(f"vendored {PACKAGE}@{VERSION} into {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
