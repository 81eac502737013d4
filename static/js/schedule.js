// Render a panel at most once per animation frame, and only when what it reads changed.
import { getState, subscribe } from "./store.js";

/** `pick(state)` lists what the panel reads; `render(state)` runs when any of it changed. */
export function whenChanged(pick, render) {
  let last = null;
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const state = getState();
    const now = pick(state);
    if (last && now.length === last.length && now.every((v, i) => v === last[i])) return;
    last = now;
    render(state);
  };
  subscribe(() => {
    if (!scheduled) { scheduled = true; requestAnimationFrame(run); }
  });
  run();
}

/** While auto-training, the entry on screen changes every frame; text-heavy panels follow it
 * a few times a second instead (the diagram and the charts follow every frame). */
export const slowWhilePlaying = (state, hz = 4) =>
  (state.playing ? Math.floor(performance.now() / (1000 / hz)) : state.history[state.cursor]);
