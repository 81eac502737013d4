// Editing: architecture (resets, and says so), training hyperparameters (no reset) and data.
import { changeSettings, continueWith, rebuild } from "../actions.js";
import { esc, parseNumber } from "../format.js";
import { whenChanged } from "../schedule.js";
import { entry, getState, update } from "../store.js";
import { dataSection, infoList, readDataset } from "./data-editor.js";

import { activationNames, getRegistry, limits } from "../registry.js";

// Lists and limits come from the server (registry.js), read when the form is drawn.
const HIDDEN_ACTS = () => activationNames({ hidden: true });
const OUTPUT_ACTS = () => activationNames();
const LOSSES = () => getRegistry().losses;
const INITS = () => getRegistry().initialisers;
const MAX_UNITS = () => limits().max_units;
// The settings that change without a reset (engine: Run.change_settings), from the server.
const TRAINING_SETTINGS = () => getRegistry().mid_run_settings;

const options = (list, value) => list.map((v) => `<option value="${esc(v)}"${v === value ? " selected" : ""}>${esc(v)}</option>`).join("");

function layerRow(layer, k, isOutput) {
  const name = isOutput ? "Output" : `Hidden ${k + 1}`;
  return `<div class="layer-row" data-layer="${k}">
    <span class="layer-name">${name}</span>
    <button type="button" class="units-minus" aria-label="${name}: one unit fewer">−</button>
    <input class="units" type="number" min="1" max="${MAX_UNITS()}" value="${esc(layer.units)}" aria-label="${name}: units">
    <button type="button" class="units-plus" aria-label="${name}: one unit more">+</button>
    <select class="activation" aria-label="${name}: activation">${options(isOutput ? OUTPUT_ACTS() : HIDDEN_ACTS(), layer.activation)}</select>
    ${isOutput ? "" : `<button type="button" class="remove-layer" aria-label="Remove ${name}">✕</button>`}</div>`;
}

function renderForm(root, doc, datasets) {
  const c = doc.config;
  const layers = c.layers.map((layer, k) => layerRow(layer, k, k === c.layers.length - 1)).join("");
  root.querySelector(".editor-body").innerHTML = `
  <details open><summary>Network <small>(changes reset)</small></summary>
    <div class="layers">${layers}</div>
    <button type="button" id="add-layer" ${c.layers.length > limits().max_hidden_layers ? "disabled" : ""}>+ Hidden layer</button>
    <label class="row">Loss <select id="cfg-loss">${LOSSES().map((l) => `<option value="${esc(l.name)}"${l.name === c.loss ? " selected" : ""}>${esc(l.title)}</option>`).join("")}</select></label>
    <label class="row">Initialisation <select id="cfg-init">${options(INITS(), c.init)}</select></label>
    <label class="row">Seed <input id="cfg-seed" type="number" min="0" value="${esc(c.seed)}"></label>
  </details>
  <details open><summary>Training <small>(no reset)</small></summary>
    <label class="row">Learning rate η <input id="cfg-learning_rate" type="number" step="any" min="0" max="${limits().max_learning_rate}" value="${esc(c.learning_rate)}"></label>
    <label class="row">Batch size <input id="cfg-batch_size" type="number" min="0" value="${esc(c.batch_size ?? 0)}" aria-describedby="batch-help"></label>
    <small id="batch-help" class="help">0 = the whole training set</small>
    <label class="row">L2 λ <input id="cfg-l2" type="number" step="any" min="0" max="${limits().max_l2}" value="${esc(c.l2)}"></label>
    <label class="row">Momentum <input id="cfg-momentum" type="number" step="any" min="0" max="0.99" value="${esc(c.momentum)}"></label>
    <label class="row check"><input id="cfg-freeze_biases" type="checkbox"${c.freeze_biases ? " checked" : ""}> Freeze biases</label>
  </details>
  ${dataSection(doc, datasets)}`;
}

/** The architecture as the form shows it. */
function readLayers(root) {
  return [...root.querySelectorAll(".layer-row")].map((row) => {
    const input = row.querySelector(".units");
    const units = Math.max(1, Math.min(MAX_UNITS(), Math.round(Number(input.value) || 1)));
    input.value = units; // the box shows what the network gets (17 becomes 16, the maximum)
    return { units, activation: row.querySelector(".activation").value };
  });
}

function readHyper(root, config) {
  const number = (id) => parseNumber(root.querySelector(`#cfg-${id}`).value);
  const batch = number("batch_size");
  return { ...config, learning_rate: number("learning_rate") ?? config.learning_rate,
    batch_size: batch ? Math.round(batch) : null, l2: number("l2") ?? 0, momentum: number("momentum") ?? 0,
    freeze_biases: root.querySelector("#cfg-freeze_biases").checked };
}

function rebuildWith(doc, config, dataset, what) {
  rebuild(config, dataset, `${what}: the network was re-initialised (reset) from seed ${config.seed}.`);
}

function onArchitecture(root, change) {
  const doc = entry().doc;
  let layers = readLayers(root);
  layers = change(layers) ?? layers;
  const config = { ...readHyper(root, doc.config), layers, loss: root.querySelector("#cfg-loss").value,
    init: root.querySelector("#cfg-init").value, seed: Math.max(0, Math.round(Number(root.querySelector("#cfg-seed").value) || 0)) };
  if (config.init === "explicit") config.init = "xavier"; // explicit weights cannot survive a new shape
  rebuildWith(doc, config, doc.dataset, "Architecture changed");
}

function bind(root) {
  const body = root.querySelector(".editor-body");
  body.addEventListener("click", (event) => {
    const row = event.target.closest(".layer-row");
    const k = row ? Number(row.dataset.layer) : -1;
    if (event.target.matches(".units-minus, .units-plus")) {
      const step = event.target.matches(".units-plus") ? 1 : -1;
      onArchitecture(root, (layers) => { layers[k].units = Math.max(1, Math.min(MAX_UNITS(), layers[k].units + step)); });
    } else if (event.target.matches(".remove-layer")) {
      onArchitecture(root, (layers) => { layers.splice(k, 1); });
    } else if (event.target.matches("#add-layer")) {
      onArchitecture(root, (layers) => { const last = layers.at(-2) ?? { units: 4, activation: "tanh" }; layers.splice(layers.length - 1, 0, { units: last.units, activation: last.activation === "softmax" ? "tanh" : last.activation }); });
    }
  });
  body.addEventListener("change", (event) => {
    const t = event.target;
    if (t.matches(".units, .activation, #cfg-loss, #cfg-init, #cfg-seed")) onArchitecture(root, () => {});
    else if (t.id.startsWith("cfg-")) {
      const config = entry().doc.config;
      const wanted = readHyper(root, config);
      const changes = Object.fromEntries(TRAINING_SETTINGS().filter((k) => wanted[k] !== config[k]).map((k) => [k, wanted[k]]));
      if ("batch_size" in changes) changes.batch_size = changes.batch_size ?? 0; // 0: the whole training set
      if (Object.keys(changes).length) changeSettings(changes, "Training settings changed; the weights are kept.");
    } else if (t.closest(".data-section") && !t.matches("#csv")) {
      applyDataset(root);
    }
  });
  body.addEventListener("submit", (event) => { event.preventDefault(); applyDataset(root, true); });
}

export function applyDataset(root, fromCsv = false) {
  const doc = entry().doc;
  const result = readDataset(root, doc, getState().datasets, fromCsv);
  if (result.error) { update({ error: result.error }); return; }
  const { dataset, inputs } = result;
  const classes = infoList(getState().datasets).find((d) => d.name === dataset.name)?.classes ?? 0;
  const output = doc.config.layers.at(-1);
  if (!fromCsv && classes > 2 && output.units < classes) {
    // A set of k classes needs k output units: the softmax output the engine's labels ask for.
    const layers = [...doc.config.layers.slice(0, -1), { units: classes, activation: "softmax" }];
    rebuildWith(doc, { ...doc.config, inputs, layers, loss: "softmax_ce", init: doc.config.init === "explicit" ? "xavier" : doc.config.init },
      dataset, `${classes} classes: the output layer is now ${classes} softmax units with softmax cross-entropy`);
  } else if (inputs !== doc.config.inputs) {
    rebuildWith(doc, { ...doc.config, inputs, init: doc.config.init === "explicit" ? "xavier" : doc.config.init }, dataset, `The data have ${inputs} input(s)`);
  } else {
    continueWith({ ...structuredClone(doc), dataset, batch_index: 0, phase: 0 }, "Data changed; the weights are kept.");
  }
}

export function mount(root) {
  root.innerHTML = `<h2>Edit</h2><div class="editor-body"></div>`;
  bind(root);
  // Rebuild the form only when the configuration itself changed (not on every step).
  // Frames share their config and dataset objects: serialise only when those objects change.
  let seen = null, key = null;
  const contentKey = (s) => {
    const doc = entry(s)?.doc;
    if (!seen || seen[0] !== doc?.config || seen[1] !== doc?.dataset) {
      seen = [doc?.config, doc?.dataset];
      key = JSON.stringify(seen);
    }
    return key;
  };
  // A refused edit (an error) redraws the form from the network on screen: no refused value
  // stays selected or typed.
  whenChanged((s) => [contentKey(s), s.datasets, s.error], (s) => {
    const item = entry(s);
    if (item) renderForm(root, item.doc, s.datasets);
  });
}
