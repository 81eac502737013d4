// The one state store: the only code that changes application state. Panels subscribe and
// render from what they are given; they call the functions here, never assign. No DOM here,
// so the same store serves the explorer and the /embed page.
//
// history: the last HISTORY_LIMIT entries {doc, trace, phase, metrics}; cursor: the entry on
// screen. Recording from a past entry drops the entries after it.
export const HISTORY_LIMIT = 1000;
const SERIES_LIMIT = 4000;

const listeners = new Set();
let current = Object.freeze({
  presetId: null,
  presets: [],
  datasets: [],
  history: [],
  cursor: -1,
  series: [], // {iteration, train, test}: the loss chart, longer than history (thinned)
  selection: null, // {type: "node"|"edge"|"bias", l, j, i?}
  view: { notation: "mazur", numbers: true, edges: "weight", matrixLayer: 1 },
  playing: false,
  speed: 10, // iterations per second, or "max"
  points: null, // {train, test, domain} of the dataset, for the data plot
  grid: null,
  hiddenGrids: null,
  gradcheck: null,
  notice: "",
  error: "",
  busy: false,
});

export function getState() { return current; }

/** The history entry on screen, or null. */
export function entry(state = current) {
  return state.history[state.cursor] ?? null;
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function update(changes) {
  current = Object.freeze({ ...current, ...changes });
  for (const listener of listeners) listener(current);
}

export function setView(changes) {
  update({ view: { ...current.view, ...changes } });
}

function withPoint(series, item) {
  const iteration = item.doc.iteration;
  const kept = series.filter((p) => p.iteration < iteration);
  kept.push({ iteration, train: item.metrics?.train_loss ?? null, test: item.metrics?.test_loss ?? null });
  // Thin the older half when full: the chart keeps its shape over long runs.
  if (kept.length > SERIES_LIMIT) return kept.filter((_, k) => k >= SERIES_LIMIT / 2 || k % 2 === 0);
  return kept;
}

/** Append an entry after the cursor (dropping any later ones) and show it. */
export function record(item, changes = {}) {
  const history = current.history.slice(0, current.cursor + 1);
  history.push(item);
  if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
  update({ history, cursor: history.length - 1, series: withPoint(current.series, item), error: "", ...changes });
}

/** Start over from one entry (a preset, an import, an architecture change). */
export function restart(item, changes = {}) {
  update({ history: [item], cursor: 0, series: withPoint([], item), grid: null, hiddenGrids: null,
    gradcheck: null, selection: null, error: "", ...changes });
}

/** Show history entry `index` (the scrubber, ← step back). */
export function jumpTo(index) {
  const cursor = Math.max(0, Math.min(current.history.length - 1, index));
  if (cursor !== current.cursor) update({ cursor, gradcheck: null });
}

/** Replace the entry on screen without a new history step (hyperparameter edits). */
export function amend(item, changes = {}) {
  const history = current.history.slice();
  history[current.cursor] = item;
  update({ history, ...changes });
}
