// View options: preset, notation, numbers on nodes, what colours the edges.
import { loadPreset } from "../actions.js";
import { NOTATIONS } from "../notation.js";
import { getState, setView, subscribe } from "../store.js";

export function mount(root) {
  // The explorer's template already holds this markup (the header is drawn before the scripts
  // run, so nothing moves when they start); other pages get it from here.
  if (!root.querySelector("#preset")) root.innerHTML = `
    <label>Preset <select id="preset"></select></label>
    <label>Notation <select id="notation">${Object.entries(NOTATIONS).map(([k, v]) => `<option value="${k}">${v}</option>`).join("")}</select></label>
    <label class="check"><input type="checkbox" id="show-numbers" checked> Numbers on units</label>
    <label>Edge colour <select id="edge-mode"><option value="weight">weight w</option><option value="grad">gradient ∂E/∂w</option></select></label>`;
  const preset = root.querySelector("#preset");
  preset.addEventListener("change", () => loadPreset(preset.value));
  root.querySelector("#notation").addEventListener("change", (e) => setView({ notation: e.target.value }));
  root.querySelector("#show-numbers").addEventListener("change", (e) => setView({ numbers: e.target.checked }));
  root.querySelector("#edge-mode").addEventListener("change", (e) => setView({ edges: e.target.value }));
  let shown = null; // [presets, presetId, view] last rendered: the store changes every training frame
  const render = (state) => {
    if (shown && shown[0] === state.presets && shown[1] === state.presetId && shown[2] === state.view) return;
    if (shown?.[0] !== state.presets) preset.replaceChildren(...state.presets.map((p) => new Option(p.title, p.id)));
    shown = [state.presets, state.presetId, state.view];
    const custom = !state.presets.some((p) => p.id === state.presetId);
    if (custom && !preset.querySelector("option[value='']")) preset.append(new Option("(custom)", ""));
    preset.value = custom ? "" : state.presetId;
    root.querySelector("#notation").value = state.view.notation;
    root.querySelector("#show-numbers").checked = state.view.numbers;
    root.querySelector("#edge-mode").value = state.view.edges;
  };
  subscribe(render);
  render(getState());
}
