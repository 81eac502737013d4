// Entry point of /embed: the explorer's own panels and store, mounted without site chrome,
// as the URL flags chose (resolved by the server into the boot JSON), plus the postMessage
// bridge. One frame = one document = one store, so several embeds never share state; nothing
// is written to cookies or storage.
import * as store from "./store.js";
import * as actions from "./embed-actions.js";
import { readBoot } from "./embed-flags.js";
import { startBridge } from "./embed-bridge.js";
import { bindEmbedControls, renderPlayButton } from "./embed-controls.js";
import { mountPanels } from "./embed-panels.js";
import { renderReadout } from "./controls-view.js";

function init() {
  const { options, allowedOrigins, state, metrics } = readBoot();
  const root = document.getElementById("embed-root");
  store.update({ presetId: options.preset, notation: options.notation, readOnly: options.readonly,
    speed: options.speed, embedId: options.id });
  mountPanels(root, options.panels, store);
  store.subscribe((s) => { renderReadout(s); renderPlayButton(s); });
  actions.setInitial(state, metrics);
  bindEmbedControls(root, options.controls, actions, (err) => store.update({ error: err.message }));
  startBridge({ id: options.id, allowedOrigins, actions, store, root });
  if (options.autoplay) actions.play(options.speed);
  document.body.dataset.ready = "true";
}

init();
