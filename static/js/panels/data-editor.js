// The data part of the editor: dataset, its parameters, input transforms, pasted CSV points.
import { esc, parseNumber } from "../format.js";

const FALLBACK = [{ name: "mazur", title: "Worked example", kind: "fixed", raw_inputs: 2 },
  { name: "xor", title: "XOR", kind: "fixed", raw_inputs: 2 },
  { name: "custom", title: "Custom points", kind: "classification", raw_inputs: 2 }];

export const infoList = (datasets) => datasets?.datasets ?? FALLBACK;
const infoOf = (datasets, name) => infoList(datasets).find((d) => d.name === name) ?? FALLBACK[0];
const usesFeatures = (info) => Boolean(info.parameters?.features);

function numberField(id, label, value, range, disabled) {
  const attrs = range ? `min="${esc(range.min)}" max="${esc(range.max)}"` : "";
  return `<label class="row">${label} <input id="${id}" type="number" step="any" ${attrs} value="${esc(value)}"${disabled ? " disabled" : ""}></label>`;
}

/** The number of points the data really have (a fixed set's own size, the custom rows, or n). */
const pointCount = (d, info) => (d.name === "custom" ? d.points?.length ?? 0 : info.size ?? d.n);

export function dataSection(doc, datasets) {
  const d = doc.dataset;
  const info = infoOf(datasets, d.name);
  const p = info.parameters ?? {};
  const fixed = info.kind === "fixed" || d.name === "custom";
  // Transforms a dataset with fewer raw inputs cannot feed (x2 of 1-D data) are left out.
  const raw = d.name === "custom" && d.points?.length ? d.points[0].length - 1 : info.raw_inputs;
  const features = (datasets?.features ?? []).map((f) => (typeof f === "string" ? { name: f, title: f, needs: 1 } : f))
    .filter((f) => (f.needs ?? 1) <= raw);
  const featureBoxes = usesFeatures(info) && raw <= 2 && features.length
    ? `<fieldset class="features"><legend>Input transforms</legend>${features.map((f) =>
      `<label class="check"><input type="checkbox" name="feature" value="${esc(f.name)}"${d.features.includes(f.name) ? " checked" : ""}> ${esc(f.title)}</label>`).join("")}</fieldset>` : "";
  const csv = (d.points ?? []).map((row) => row.join(",")).join("\n");
  return `<details open class="data-section"><summary>Data</summary>
    <label class="row">Dataset <select id="data-name">${infoList(datasets).map((x) => `<option value="${esc(x.name)}"${x.name === d.name ? " selected" : ""}>${esc(x.title)}</option>`).join("")}</select></label>
    ${numberField("data-n", "Points", pointCount(d, info), p.n, fixed)}
    ${numberField("data-noise", "Noise", d.noise, p.noise ?? { min: 0, max: 1 }, info.kind === "fixed")}
    ${numberField("data-train_share", "Train share", d.train_share, { min: 0.1, max: 1 }, info.kind === "fixed")}
    ${numberField("data-seed", "Data seed", d.seed, { min: 0, max: 4294967295 }, info.kind === "fixed")}
    ${featureBoxes}
    <form class="csv-form"><label for="csv">Paste CSV: x1,x2,label per line</label>
      <textarea id="csv" rows="4" placeholder="-1,-1,0&#10;1,1,0&#10;-1,1,1&#10;1,-1,1">${esc(csv)}</textarea>
      <button type="submit" id="csv-apply">Use these points</button></form>
  </details>`;
}

/** CSV text → rows of numbers; a header line is skipped. Returns {rows} or {error}. */
export function parseCsv(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const rows = [];
  for (const [k, line] of lines.entries()) {
    const cells = line.split(/[,;\t ]+/).map(parseNumber);
    if (cells.some((c) => c === null)) {
      if (k === 0) continue; // a header
      return { error: `CSV line ${k + 1}: “${line}” is not all numbers` };
    }
    rows.push(cells);
  }
  if (!rows.length) return { error: "CSV: no rows of numbers" };
  const width = rows[0].length;
  if (width < 2 || rows.some((r) => r.length !== width)) return { error: "CSV: every line needs the same number of values, inputs then the label" };
  return { rows };
}

/** The dataset spec the form describes, and how many network inputs it needs. */
export function readDataset(root, doc, datasets, fromCsv) {
  const value = (id) => parseNumber(root.querySelector(`#data-${id}`)?.value ?? "");
  if (fromCsv) {
    const parsed = parseCsv(root.querySelector("#csv").value);
    if (parsed.error) return parsed;
    const raw = parsed.rows[0].length - 1;
    const features = raw <= 2 ? doc.dataset.features.filter((f) => raw === 2 || !f.includes("2")) : doc.dataset.features;
    return { dataset: { ...doc.dataset, name: "custom", points: parsed.rows, features: features.length ? features : ["x1"] },
      inputs: raw <= 2 ? Math.max(1, features.length) : raw };
  }
  const name = root.querySelector("#data-name").value;
  const info = infoOf(datasets, name);
  const checked = [...root.querySelectorAll("input[name=feature]:checked")].map((b) => b.value);
  const features = usesFeatures(info) ? (checked.length ? checked : ["x1", "x2"]) : doc.dataset.features;
  const defaults = info.parameters ?? {};
  const sameName = name === doc.dataset.name;
  const dataset = {
    ...doc.dataset, name, features,
    n: sameName ? value("n") ?? doc.dataset.n : defaults.n?.default ?? doc.dataset.n,
    noise: sameName ? value("noise") ?? 0 : defaults.noise?.default ?? 0,
    train_share: value("train_share") ?? 1, seed: Math.round(value("seed") ?? 0),
    points: name === "custom" ? doc.dataset.points ?? [[-1, -1, 0], [1, 1, 0], [-1, 1, 1], [1, -1, 1]] : null,
  };
  const raw = name === "custom" ? dataset.points[0].length - 1 : info.raw_inputs;
  // engine/datasets.py input_count: transforms apply to data with at most two raw inputs.
  const inputs = usesFeatures(info) && raw <= 2 ? features.length : raw;
  return { dataset, inputs };
}
