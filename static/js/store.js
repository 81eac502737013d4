// The one state store: the only code that mutates application state. Panels subscribe and
// render from what they are given; they call actions, never assign.
const listeners = new Set();
let current = Object.freeze({ presetId: null, state: null, trace: null, metrics: null, error: "" });

export function getState() { return current; }

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function update(changes) {
  current = Object.freeze({ ...current, ...changes });
  for (const listener of listeners) listener(current);
}
