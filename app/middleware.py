"""Pure ASGI middleware: a request-body cap and security headers on every response.

Pure ASGI (not BaseHTTPMiddleware) so that bodies are counted as they stream in and
WebSocket traffic passes through untouched.
"""
from __future__ import annotations

import json
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised while the body streams in; an HTTPException so the framework answers 413 itself
    (its body parser re-raises HTTPExceptions but turns other errors into 400)."""

    def __init__(self, max_bytes: int):
        super().__init__(413, detail=f"body: request bodies are limited to {max_bytes} bytes")


def _json_response(status: int, body: dict) -> tuple[Message, Message]:
    payload = json.dumps(body).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                         (b"connection", b"close")]}
    return start, {"type": "http.response.body", "body": payload}


class BodyLimit:
    """Answer 413 when a request body exceeds `max_bytes`: at once when Content-Length says so,
    else as soon as the streamed bytes pass the limit (chunked uploads)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    def _too_large(self) -> dict:
        return {"detail": f"body: request bodies are limited to {self.max_bytes} bytes",
                "errors": [{"field": "body", "message": f"at most {self.max_bytes} bytes"}]}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._reject(send)
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not response_started:
                await self._reject(send)

    async def _reject(self, send: Send) -> None:
        start, body = _json_response(413, self._too_large())
        await send(start)
        await send(body)


def content_security_policy(frame_ancestors: str | None, extra_sources: dict[str, str] | None = None) -> str:
    """Strict by default: own scripts only (no inline script, no eval), own connections (which
    include same-origin ws:), inline style attributes allowed for SVG/CSSOM drawing.
    `frame_ancestors` None leaves framing unrestricted: `frame-ancestors *` would still refuse a
    parent with an opaque origin (a sandboxed srcdoc page, as notebooks show outputs)."""
    directives = {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:", "font-src": "'self'", "connect-src": "'self'",
        "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'",
    }
    if frame_ancestors is not None:
        directives["frame-ancestors"] = frame_ancestors
    for name, sources in (extra_sources or {}).items():
        directives[name] = f"{directives[name]} {sources}"
    return "; ".join(f"{k} {v}" for k, v in directives.items())


class SecurityHeaders:
    """Add CSP, nosniff, Referrer-Policy and framing rules to every HTTP response.

    `frame_rules` maps a path prefix to the CSP frame-ancestors it gets (e.g. /embed → '*');
    every other path denies framing (X-Frame-Options: DENY, frame-ancestors 'none').
    `extra_sources` maps a path prefix to extra CSP sources (e.g. /docs may load Swagger UI).
    """

    def __init__(self, app: ASGIApp, frame_rules: dict[str, str] | None = None,
                 extra_sources: dict[str, dict[str, str]] | None = None):
        self.app = app
        self.frame_rules = frame_rules or {}
        self.extra_sources = extra_sources or {}
        self._cache: dict[str, list[tuple[bytes, bytes]]] = {}

    def headers_for(self, path: str) -> list[tuple[bytes, bytes]]:
        key = self._rule_key(path)
        if key not in self._cache:
            self._cache[key] = self._build(key)
        return self._cache[key]

    def _rule_key(self, path: str) -> str:
        frame = next((p for p in self.frame_rules if path.startswith(p)), "")
        extra = next((p for p in self.extra_sources if path.startswith(p)), "")
        return f"{frame}|{extra}"

    def _build(self, key: str) -> list[tuple[bytes, bytes]]:
        frame_prefix, extra_prefix = key.split("|")
        ancestors = self.frame_rules.get(frame_prefix, "'none'")
        ancestors = None if ancestors.strip() == "*" else ancestors  # unrestricted: see above
        csp = content_security_policy(ancestors, self.extra_sources.get(extra_prefix))
        headers = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                   (b"referrer-policy", b"strict-origin-when-cross-origin"),
                   (b"cross-origin-opener-policy", b"same-origin")]
        if not frame_prefix:
            headers.append((b"x-frame-options", b"DENY"))
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = self.headers_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", ())}
                message["headers"] = list(message.get("headers", ())) + [
                    (n, v) for n, v in extra if n not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)



class CrossOrigin:
    """CORS for the origins in `origins` (by default only "null": the opaque origin of a frame
    sandboxed with allow-scripts but not allow-same-origin). Such a frame loads its ES modules
    and calls the API in CORS mode; no credentials are ever involved, so the answer names the
    origin and never allows credentials. Preflights (JSON POSTs) are answered here.
    WebSockets are not subject to CORS; /api/train accepts any Origin."""

    PREFLIGHT = [(b"access-control-allow-methods", b"GET, POST, OPTIONS"),
                 (b"access-control-allow-headers", b"content-type"), (b"access-control-max-age", b"600")]

    def __init__(self, app: ASGIApp, origins: tuple[str, ...] = ("null",)):
        self.app, self.origins = app, {o.encode() for o in origins}
        self.any = b"*" in self.origins

    def _allowed(self, scope: Scope) -> bytes | None:
        origin = dict(scope.get("headers") or ()).get(b"origin")
        if origin is None or not (self.any or origin in self.origins):
            return None
        return origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = self._allowed(scope) if scope["type"] == "http" else None
        if origin is None:
            return await self.app(scope, receive, send)
        # Retry-After is not a CORS-safelisted header: exposed, so a sandboxed embed can honour it.
        cors = [(b"access-control-allow-origin", origin), (b"vary", b"Origin"),
                (b"access-control-expose-headers", b"Retry-After")]
        headers = dict(scope.get("headers") or ())
        if scope["method"] == "OPTIONS" and b"access-control-request-method" in headers:
            await send({"type": "http.response.start", "status": 204, "headers": cors + self.PREFLIGHT})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", ())}
                message["headers"] = list(message.get("headers", ())) + [(n, v) for n, v in cors if n not in names]
            await send(message)

        await self.app(scope, receive, send_with_cors)
