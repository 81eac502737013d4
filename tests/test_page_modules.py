"""The explorer template preloads its whole ES-module graph (first draw without an import
waterfall): every module main.js and embed-code.js reach is listed, and nothing else."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "static" / "js"
IMPORT = re.compile(r'^import .*? from "(\.[^"]+)";', re.M)


def reachable(entry: Path, seen: set[Path]) -> set[Path]:
    if entry in seen:
        return seen
    seen.add(entry)
    for target in IMPORT.findall(entry.read_text()):
        reachable((entry.parent / target).resolve(), seen)
    return seen


def test_the_template_preloads_exactly_the_module_graph():
    template = (ROOT / "templates" / "explorer.html").read_text()
    entries = [JS / "main.js", JS / "embed-code.js"]
    graph = set()
    for entry in entries:
        reachable(entry.resolve(), graph)
    wanted = {p.relative_to(JS.resolve()).as_posix() for p in graph} - {"main.js", "embed-code.js"}
    listed = re.findall(r'<link rel="modulepreload" href="/static/js/([^"]+)">', template)
    assert len(listed) == len(set(listed))
    assert set(listed) == wanted
    assert all((JS / name).is_file() for name in listed)
