"""A slow client gets fewer frames, in order, never an unbounded queue."""
from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from app.session import Close, Outbox, OutboxFull


def frame(i: int) -> dict:
    return {"type": "frame", "iteration": i}


def drain(outbox: Outbox) -> list:
    return [outbox.items.popleft() for _ in range(len(outbox.items))]


def test_unsent_frames_are_replaced_by_the_newest():
    outbox = Outbox()
    for i in range(1000):  # a client that reads nothing for a while
        outbox.frame(frame(i))
    assert drain(outbox) == [frame(999)]


def test_replies_keep_their_order_among_frames():
    outbox = Outbox()
    outbox.frame(frame(1))
    outbox.frame(frame(2))
    outbox.message({"type": "paused"})
    outbox.frame(frame(3))
    outbox.frame(frame(4))
    closing = Close(1000, "stopped")
    outbox.message(closing)
    assert drain(outbox) == [frame(2), {"type": "paused"}, frame(4), closing]


def test_a_client_that_never_reads_its_replies_is_bounded():
    outbox = Outbox(max_items=4)
    for _ in range(4):
        outbox.message({"type": "error", "detail": "x"})
    with pytest.raises(OutboxFull):
        outbox.message({"type": "error", "detail": "x"})


def test_get_waits_for_the_next_item():
    async def scenario():
        outbox = Outbox()
        waiter = asyncio.create_task(outbox.get())
        await asyncio.sleep(0.01)
        assert not waiter.done()
        outbox.frame(frame(7))
        return await asyncio.wait_for(waiter, 1)

    # A loop of its own in a thread: Playwright's sync API may already run one in this thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, scenario()).result(timeout=5) == frame(7)
