// Links and files: keep the URL in step with the view, copy it, export and import the state
// document as a JSON file.
import { begin, queued } from "../actions.js";
import * as api from "../api.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
import { entry, getState, update } from "../store.js";
import { encode, linkPayload } from "../url-state.js";

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

export const importText = (text) => queued(() => importChecked(text));

async function importChecked(text) {
  let doc;
  try {
    const parsed = JSON.parse(text);
    doc = parsed.state && parsed.config === undefined ? parsed.state : parsed;
  } catch (err) {
    update({ error: `Import: not a JSON file (${err.message})` });
    return;
  }
  let checked;
  try {
    checked = await api.checkState(doc); // the server validates the document and names a bad field
  } catch (err) {
    update({ error: `Import refused: ${err.message}` });
    return;
  }
  begin({ state: checked.state, metrics: checked.metrics },
    { presetId: "", notice: `Imported a state document at iteration ${checked.state.iteration}.` });
}

export function mount(root) {
  // Already in the explorer's template (drawn before the scripts run: no layout shift).
  if (!root.querySelector("#copy-link")) root.innerHTML = `<button type="button" id="copy-link" title="Copy a link that reproduces this view">Copy link</button>
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
  // The URL always holds the view, so a reload brings it back: while training at most once a
  // second (the latest frame), otherwise on every change.
  whenChanged((s) => (s.playing ? [slowWhilePlaying(s, 1)] : [s.history[s.cursor], s.view, s.selection, s.presetId, s.practice?.on, s.practice?.question?.id, s.practice?.status]), writeUrl);
  // The URL lags training by up to a second; a reload in that second must lose nothing, so the
  // exact view is also kept for this tab when the page goes away (main.js reads it back).
  addEventListener("pagehide", () => rememberView(getState()));
}

export const RELOAD_KEY = "bpx:reload";

function rememberView(state) {
  try {
    sessionStorage.setItem(RELOAD_KEY, JSON.stringify({ hash: location.hash, payload: linkPayload(state) }));
  } catch { /* storage may be off (a sandboxed frame): the URL alone then restores the view */ }
}
