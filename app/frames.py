"""Training frames on the wire: one binary encoding (the default) and one JSON encoding.

A frame is built once as a dict whose large numbers are NumPy arrays (trainer.py); the socket
sends it in the form its client asked for in `start` (`"encoding": "binary"` or `"json"`).

Binary frame (a WebSocket binary message), little-endian:

    bytes 0-3   b"BPXF"
    bytes 4-7   uint32 H: length of the header
    H bytes     the header: the frame as UTF-8 JSON in which every array is replaced by
                {"$array": k}, plus "arrays": [{"dtype": "f8"|"f4", "shape": [...], "offset": o}]
                (o counted from the end of the header); padded with spaces so that 8 + H is
                a multiple of 8
    then        the arrays' bytes, C order, each padded to a multiple of 8 bytes

Parameters and momentum are float64: a frame's state document is exact, bit for bit. Grids
(decision map, hidden-unit maps) are float32: they are for colouring. NaN and ±inf travel as
they are (a diverging run's grid); in JSON frames they are null and float32 grids are rounded to
5 decimals, as in POST /api/grid. Control replies (paused, stopped, error, refused) are JSON text
in either encoding. static/js/frames.js decodes binary frames in the page; decode() below is the
decoder for Python clients (tests, benchmarks, scripts).
"""
from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

from engine.grids import rounded

from .convert import finite

MAGIC = b"BPXF"
DTYPES = {"f8": np.dtype("<f8"), "f4": np.dtype("<f4")}
ENCODINGS = ("binary", "json")
PLAIN = (float, int, bool, str, type(None))


def _pad(n: int) -> int:
    return -n % 8


def encode_binary(message: dict[str, Any]) -> bytes:
    arrays: list[np.ndarray] = []

    def lift(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            arrays.append(value)
            return {"$array": len(arrays) - 1}
        if isinstance(value, dict):
            return {k: lift(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            if all(type(v) in PLAIN for v in value):
                return value  # a row of numbers (the focus numbers: ~600 a frame) holds no array
            return [lift(v) for v in value]
        return value

    header = lift(message)
    blobs = [np.ascontiguousarray(a, dtype=DTYPES["f4" if a.dtype == np.float32 else "f8"]) for a in arrays]
    entries, offset = [], 0
    for blob in blobs:
        entries.append({"dtype": "f4" if blob.dtype == DTYPES["f4"] else "f8", "shape": list(blob.shape),
                        "offset": offset})
        offset += blob.nbytes + _pad(blob.nbytes)
    header["arrays"] = entries
    text = json.dumps(header, allow_nan=False, separators=(",", ":")).encode("utf-8")
    text += b" " * _pad(8 + len(text))
    parts = [MAGIC, struct.pack("<I", len(text)), text]
    for blob in blobs:
        parts += [blob.tobytes(), b"\0" * _pad(blob.nbytes)]
    return b"".join(parts)


def encode_json(message: dict[str, Any]) -> str:
    """The same frame as JSON text: float64 arrays exact, float32 grids rounded, NaN → null."""

    def lower(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            return finite(rounded(value) if value.dtype == np.float32 else value.tolist())
        if isinstance(value, dict):
            return {k: lower(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [lower(v) for v in value]
        return value

    return json.dumps(lower(message), allow_nan=False, separators=(",", ":"))


def encode(message: dict[str, Any], encoding: str) -> bytes | str:
    return encode_binary(message) if encoding == "binary" else encode_json(message)


def read_message(raw: bytes | str) -> dict[str, Any]:
    """Any message of WS /api/train as a dict: binary frames decoded, text parsed as JSON."""
    return decode(raw) if isinstance(raw, (bytes, bytearray, memoryview)) else json.loads(raw)


def decode(data: bytes) -> dict[str, Any]:
    """A binary frame → the dict a JSON frame would give (arrays as nested lists; NaN stays NaN)."""
    data = bytes(data)
    if data[:4] != MAGIC:
        raise ValueError("not a Backprop Explorer binary frame")
    (length,) = struct.unpack_from("<I", data, 4)
    header = json.loads(data[8:8 + length])
    base = 8 + length
    arrays = [np.frombuffer(data, DTYPES[e["dtype"]], int(np.prod(e["shape"], dtype=np.int64)), base + e["offset"])
              .reshape(e["shape"]).tolist() for e in header.pop("arrays")]

    def place(value: Any) -> Any:
        if isinstance(value, dict):
            return arrays[value["$array"]] if set(value) == {"$array"} else {k: place(v) for k, v in value.items()}
        if isinstance(value, list):
            return [place(v) for v in value]
        return value

    return place(header)
