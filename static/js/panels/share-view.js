// Links and files: keep the URL in step with the view, copy it, export and import the state
// document as a JSON file.
import { begin } from "../actions.js";
import * as api from "../api.js";
import { whenChanged } from "../schedule.js";
import { entry, getState, update } from "../store.js";
import { encode } from "../url-state.js";

let writing = 0;
async function writeUrl(state) {
  const ticket = ++writing;
  const hash = await encode(state);
  if (ticket === writing && hash && location.hash !== hash) history.replaceState(null, "", hash);
}

function exportFile() {
  const item = entry();
  if (!item) return;
  const blob = new Blob([JSON.stringify(item.doc, null, 1)], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `backprop-state-iteration-${item.doc.iteration}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export async function importText(text) {
  let doc;
  try {
    const parsed = JSON.parse(text);
    doc = parsed.state && parsed.config === undefined ? parsed.state : parsed;
  } catch (err) {
    update({ error: `Import: not a JSON file (${err.message})` });
    return;
  }
  try {
    await api.points(doc); // the server validates the document and names a bad field
  } catch (err) {
    update({ error: `Import refused: ${err.message}` });
    return;
  }
  begin({ state: doc, metrics: null }, { presetId: "", notice: `Imported a state document at iteration ${doc.iteration}.` });
}

export function mount(root) {
  root.innerHTML = `<button type="button" id="copy-link" title="Copy a link that reproduces this view">Copy link</button>
    <button type="button" id="export" title="Download the state document as JSON">Export</button>
    <label class="file-button"><span>Import</span><input type="file" id="import" accept="application/json,.json" aria-label="Import a state document (JSON file)"></label>`;
  root.querySelector("#copy-link").addEventListener("click", async () => {
    await writeUrl(getState());
    try { await navigator.clipboard.writeText(location.href); update({ notice: "Link copied: it reproduces this view." }); }
    catch { update({ notice: "The address bar now holds a link to this view." }); }
  });
  root.querySelector("#export").addEventListener("click", exportFile);
  root.querySelector("#import").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (file) await importText(await file.text());
    event.target.value = "";
  });
  // While training the URL would change 60 times a second: write it when playing stops.
  whenChanged((s) => (s.playing ? [true] : [s.history[s.cursor], s.view, s.selection, s.presetId]), (s) => { if (!s.playing) writeUrl(s); });
}
