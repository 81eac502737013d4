// "Copy embed code" on the main page: an <iframe> snippet for /embed reproducing the current
// view — the preset while the network is still the preset's, else the state document inline.
// Mounted by one <script> tag in explorer.html; reads the explorer's store, never writes it.
import * as api from "./api.js";
import { entry, getState } from "./store.js";
import { NOTATION_FLAGS, embedSnippet } from "./embed-flags.js";
import { encode } from "./url-state.js";

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function currentView() {
  const s = getState();
  const doc = entry(s)?.doc ?? null;
  let preset = s.presetId || null;
  if (preset) {
    const { state } = await api.getPreset(preset);
    if (!same(state, doc)) preset = null; // stepped or edited: send the document itself
  }
  // Stepped or edited: the view's link payload (the same encoding as "Copy link"), which keeps
  // the step on screen (its phase and mid-iteration numbers), the edge colouring and the selection.
  const payload = preset ? null : (await encode(s)).replace(/^#s=/, "");
  return { preset, s: payload, notation: NOTATION_FLAGS[s.view?.notation] };
}

function buildDialog() {
  const dialog = document.createElement("dialog");
  dialog.id = "embed-code-dialog";
  dialog.className = "embed-code-dialog";
  dialog.setAttribute("aria-labelledby", "embed-code-title");
  dialog.innerHTML = `<h2 id="embed-code-title">Embed this view</h2>
    <p>Paste this into your course page (HTML editor). It shows the network as it is now.</p>
    <textarea id="embed-code" rows="6" cols="70" readonly aria-label="Embed code"></textarea>
    <p><output id="embed-code-status" role="status"></output></p>
    <p><a id="open-builder" href="/embed/builder" target="_blank" rel="noopener">Choose panels, controls, theme and size in the embed builder</a></p>
    <form method="dialog"><button type="submit">Close</button></form>`;
  document.body.append(dialog);
  return dialog;
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied to the clipboard.";
  } catch {
    status.textContent = "Select the code above and copy it (Ctrl+C).";
  }
}

export function mountEmbedCode(container) {
  const button = document.createElement("button");
  button.type = "button";
  button.id = "copy-embed";
  button.textContent = "Copy embed code";
  button.title = "An <iframe> snippet that reproduces this view in a course page";
  const dialog = buildDialog();
  const area = dialog.querySelector("#embed-code");
  const status = dialog.querySelector("#embed-code-status");
  button.addEventListener("click", async () => {
    if (!entry()) return;
    status.textContent = "";
    const view = await currentView();
    area.value = embedSnippet(window.location.origin, view);
    dialog.querySelector("#open-builder").href = `/embed/builder${view.s ? "#s=" + view.s : ""}`;
    dialog.showModal();
    area.select();
    await copy(area.value, status);
  });
  container.append(button);
  return button;
}

// The template keeps a place for the button (its size reserved: nothing moves when it appears).
mountEmbedCode(document.querySelector(".embed-code-slot") || document.querySelector("header.bar") || document.body);
