// Mirrors "a request is in flight" onto <body data-busy>, synchronously on every store change
// (not in a scheduled render), so that scripts and tests waiting for the page to settle never
// read a stale "false" between an action starting and the next animation frame.
import { subscribe } from "./store.js";

export function mirrorBusy(body = document.body) {
  let last = null;
  const write = (state) => {
    if (state.busy !== last) body.dataset.busy = String((last = state.busy));
  };
  subscribe(write);
  write({ busy: false });
}
