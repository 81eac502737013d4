"""uvicorn's WebSocket protocol (websockets-sansio), bounded once the server has closed.

After the server sends its close frame (a flood, a client that does not read, a stop), uvicorn
waits up to 10 s for the client's close frame and parses everything the client sends meanwhile.
A flooding client does not read, so it never sees the close and keeps sending at full speed:
parsing ~40-byte frames by the megabyte held the worker's event loop for 0.4–0.9 s at a time
(benchmarks/hostile.py). Here the client gets CLOSE_TIMEOUT_S to answer, and a large chunk of
bytes that arrives after the close is dropped unparsed (a client's close frame is at most 131
bytes, and arrives in a small chunk of its own; if it came inside a large one, the timeout ends
the connection instead).
"""
from __future__ import annotations

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

CLOSE_TIMEOUT_S = 2.0
LARGEST_CLOSE_CHUNK = 4096  # bytes after our close frame that are still parsed for the client's


class BoundedCloseWebSockets(WebSocketsSansIOProtocol):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.close_timeout = CLOSE_TIMEOUT_S

    def data_received(self, data: bytes) -> None:
        if self.close_sent and self.handshake_complete and len(data) > LARGEST_CLOSE_CHUNK:
            return  # a client still sending after our close: not worth parsing
        super().data_received(data)
