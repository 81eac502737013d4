// The whole view in the URL hash, so a link reproduces it: the state document (deflated,
// base64url), the step that led to the view (replayed on load to recover its trace and phase),
// the preset and the view options. No DOM except the URL itself.

async function deflate(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function inflate(b64) {
  const binary = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}

/** What a link needs: the document before the last step and that step's unit, or the document. */
export function linkPayload(state) {
  const item = state.history[state.cursor];
  if (!item) return null;
  const previous = state.history[state.cursor - 1];
  const replay = item.unit && previous && !previous.trace?.frame ? { doc: previous.doc, unit: item.unit } : { doc: item.doc, unit: null };
  const { notation, numbers, edges, matrixLayer } = state.view;
  return { v: 1, preset: state.presetId, ...replay, view: { notation, numbers, edges, matrixLayer }, selection: state.selection, speed: state.speed };
}

export async function encode(state) {
  const payload = linkPayload(state);
  return payload ? `#s=${await deflate(JSON.stringify(payload))}` : "";
}

/** The payload in a hash, or null when there is none; throws on a damaged link. */
export async function decode(hash) {
  const match = /^#s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!match) return null;
  const payload = JSON.parse(await inflate(match[1]));
  if (payload?.v !== 1 || !payload.doc) throw new Error("This link's view could not be read (unknown format).");
  return payload;
}
