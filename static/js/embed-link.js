// "View in the full explorer" in every frame: a link to the explorer holding this network as it
// is on screen (the explorer's own link format, url-state.js), kept current while paused and
// about once a second while training.
import { slowWhilePlaying, whenChanged } from "./schedule.js";
import { encode } from "./url-state.js";

export function keepFullExplorerLink(anchor) {
  if (!anchor) return;
  let ticket = 0;
  whenChanged((s) => [s.playing ? slowWhilePlaying(s, 1) : s.history[s.cursor], s.view, s.selection], async (s) => {
    const mine = ++ticket;
    const hash = await encode(s);
    if (mine === ticket) anchor.href = `/${hash}`;
  });
}
