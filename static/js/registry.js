// The engine's registries and the server's limits (GET /api/registry), read from the page's
// bootstrap JSON: no page module declares a list of activations, losses, initialisers or a
// limit of its own. DOM-free apart from that one read, so node tests can set it.
let current = null;

/** Use `registry` instead of the page's bootstrap JSON (tests; a page without one). */
export function setRegistry(registry) { current = registry; }

export function getRegistry() {
  if (!current) {
    const script = globalThis.document?.getElementById("bpx-registry");
    if (!script) throw new Error("the page has no registry (GET /api/registry)");
    current = JSON.parse(script.textContent);
  }
  return current;
}

export const limits = () => getRegistry().limits;
export const activationNames = ({ hidden = false } = {}) =>
  getRegistry().activations.filter((a) => !hidden || a.hidden).map((a) => a.name);
export const loss = (name) => getRegistry().losses.find((l) => l.name === name);
