// Entry point of /embed: the explorer's own store, actions and panels, mounted without site
// chrome as the URL flags chose (resolved by the server into the boot JSON), plus the
// postMessage bridge. One frame = one document = one store, so several embeds never share
// state; nothing is written to cookies or storage.
import "./embed-frames.js"; // first: panels must render even while the frame is out of view
import * as store from "./store.js";
import { explainRetries, mirrorBusy } from "./busy-flag.js";
import * as actions from "./embed-actions.js";
import { NOTATION_SCHEMES, readBoot } from "./embed-flags.js";
import { startBridge } from "./embed-bridge.js";
import { bindStepOnly, mountReadout } from "./embed-controls.js";
import { showStartingData } from "./embed-data.js";
import { keepFullExplorerLink } from "./embed-link.js";
import { mountNotation } from "./embed-notation.js";
import { mountPanels } from "./embed-panels.js";
import { trainWhileVisible } from "./embed-visibility.js";
import { stopAtEpoch } from "./trainer.js";
import { SPEEDS } from "./panels/controls-view.js";
import * as practice from "./panels/practice-view.js";
import { decodePayload } from "./url-state.js";

// The explorer's speed slider has fixed steps: take the nearest one to the speed= flag.
const nearestSpeed = (speed) => SPEEDS.filter(Number.isFinite)
  .reduce((best, s) => (Math.abs(s - speed) < Math.abs(best - speed) ? s : best), 1);

/** An inspector without a diagram has nothing to click: it explains the first output unit. */
function firstSelection(panels, doc) {
  if (!panels.includes("inspector") || panels.includes("network")) return null;
  return { type: "node", l: doc.config.layers.length, j: 0 };
}

async function init() {
  mirrorBusy();
  explainRetries();
  const { options, allowedOrigins, network, link, starting, practice: practiceOptions, warnings = [] } = readBoot();
  const root = document.getElementById("embed-root");
  // A link payload (s=) brings the explorer's view; a notation= flag still wins over it.
  const view = link ? decodePayload({ v: 1, doc: network.state, ...link }) : null;
  if (view) store.setView(view.view);
  if (options.notation) store.setView({ notation: NOTATION_SCHEMES[options.notation] });
  store.update({ speed: nearestSpeed(options.speed), readOnly: options.readonly });
  actions.begin(network, { presetId: options.preset, selection: view?.selection ?? firstSelection(options.panels, network.state) });
  showStartingData(starting);
  if (view?.unit) await actions.replay(view.unit);
  mountPanels(root, options.panels, { play: actions.toggle });
  mountReadout(root);
  mountNotation(root);
  keepFullExplorerLink(document.getElementById("full-explorer"));
  const report = (err) => store.update({ error: err.message });
  if (document.body.dataset.controls === "step-only") bindStepOnly(root, actions, report);
  for (const warning of warnings) console.warn(`Backprop Explorer embed: ${warning}`);
  const events = { send: () => {} }; // the bridge, once it is up (practice events go through it)
  mountPractice(root, events, practiceOptions);
  // One frame for the panels to draw what arrived, so the first height reported is the final one.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const bridge = startBridge({ id: options.id, allowedOrigins, actions, store, root, warnings });
  if (bridge) events.send = bridge.send;
  stopAtEpoch(options.until ?? null);
  trainWhileVisible({ actions, store, wanted: options.autoplay, until: options.until ?? null });
  document.body.dataset.ready = "true";
}

/** mode=practice (the flags checked by the server, app/embed_options.py practice_options): the
 * practice panel first, reporting answers and the score to the parent. */
function mountPractice(root, bridge, flags) {
  if (!flags?.practice) return;
  const section = document.createElement("section");
  section.className = "panel practice";
  section.setAttribute("aria-label", "Practice: compute the next number yourself");
  root.querySelector(".embed-panels").prepend(section);
  practice.configure({ ...flags, onEvent: (type, fields) => bridge.send(type, fields) });
  practice.mount(section, { on: true });
}

init();
