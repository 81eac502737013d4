// Entry point of /embed: the explorer's own store, actions and panels, mounted without site
// chrome as the URL flags chose (resolved by the server into the boot JSON), plus the
// postMessage bridge. One frame = one document = one store, so several embeds never share
// state; nothing is written to cookies or storage.
import * as store from "./store.js";
import { mirrorBusy } from "./busy-flag.js";
import * as actions from "./embed-actions.js";
import { NOTATION_SCHEMES, practiceFlags, readBoot } from "./embed-flags.js";
import { startBridge } from "./embed-bridge.js";
import { bindStepOnly, mountReadout } from "./embed-controls.js";
import { mountPanels } from "./embed-panels.js";
import { SPEEDS } from "./panels/controls-view.js";
import * as practice from "./panels/practice-view.js";

// The explorer's speed slider has fixed steps: take the nearest one to the speed= flag.
const nearestSpeed = (speed) => SPEEDS.filter(Number.isFinite)
  .reduce((best, s) => (Math.abs(s - speed) < Math.abs(best - speed) ? s : best), 1);

function init() {
  mirrorBusy();
  const { options, allowedOrigins, network } = readBoot();
  const root = document.getElementById("embed-root");
  if (options.notation) store.setView({ notation: NOTATION_SCHEMES[options.notation] });
  store.update({ speed: nearestSpeed(options.speed), readOnly: options.readonly });
  actions.begin(network, { presetId: options.preset });
  mountPanels(root, options.panels, { play: actions.toggle });
  mountReadout(root);
  const report = (err) => store.update({ error: err.message });
  if (document.body.dataset.controls === "step-only") bindStepOnly(root, actions, report);
  const bridge = startBridge({ id: options.id, allowedOrigins, actions, store, root });
  mountPractice(root, bridge, report);
  if (options.autoplay) actions.play();
  document.body.dataset.ready = "true";
}

/** mode=practice: the practice panel first, reporting answers and the score to the parent. */
function mountPractice(root, bridge, report) {
  let flags;
  try { flags = practiceFlags(); } catch (err) { report(err); return; }
  if (!flags.practice) return;
  const section = document.createElement("section");
  section.className = "panel practice";
  section.setAttribute("aria-label", "Practice: compute the next number yourself");
  root.querySelector(".embed-panels").prepend(section);
  practice.configure({ ...flags, onEvent: (type, fields) => bridge?.send(type, fields) });
  practice.mount(section, { on: true });
}

init();
