// Mirrors "a request is in flight" onto <body data-busy>, synchronously on every store change
// (not in a scheduled render), so that scripts and tests waiting for the page to settle never
// read a stale "false" between an action starting and the next animation frame.
import { onRetry } from "./api.js";
import { getState, subscribe, update } from "./store.js";

export const RETRY_NOTICE = "The server is busy with other requests: asking again in";

export function mirrorBusy(body = document.body) {
  let last = null;
  const write = (state) => {
    if (state.busy !== last) body.dataset.busy = String((last = state.busy));
  };
  subscribe(write);
  write({ busy: false });
}

/** While the server's admission control says "later" (429/503) and a request waits to be asked
 * again, the notice line says so; the notice is cleared when it is answered, unless something
 * else was said meanwhile. */
export function explainRetries() {
  onRetry((seconds) => {
    const mine = getState().notice?.startsWith(RETRY_NOTICE);
    if (seconds !== null) update({ notice: `${RETRY_NOTICE} ${seconds} s…` });
    else if (mine) update({ notice: "" });
  });
}
