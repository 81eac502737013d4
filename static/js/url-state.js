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
  return { v: 1, preset: state.presetId, ...replay, view: { notation, numbers, edges, matrixLayer }, selection: state.selection, speed: state.speed,
    ...(state.practice?.on ? { practice: { question: state.practice.status === "asking" ? state.practice.question?.id ?? null : null } } : {}) };
}

export async function encode(state) {
  const payload = linkPayload(state);
  return payload ? `#s=${await deflate(JSON.stringify(payload))}` : "";
}

const VIEW_CHOICES = { notation: ["mazur", "nielsen", "ng"], edges: ["weight", "gradient"] };
const UNITS = ["phase", "iteration", "epoch"];

/** Only known view options survive a link: anything else is dropped, never shown. */
function cleanView(view) {
  const clean = {};
  for (const [key, allowed] of Object.entries(VIEW_CHOICES)) if (allowed.includes(view?.[key])) clean[key] = view[key];
  if (typeof view?.numbers === "boolean") clean.numbers = view.numbers;
  if (Number.isInteger(view?.matrixLayer) && view.matrixLayer >= 1) clean.matrixLayer = view.matrixLayer;
  return clean;
}

function cleanSelection(sel) {
  if (!sel || !["node", "edge", "bias"].includes(sel.type)) return null;
  const ints = ["l", "j", ...(sel.type === "edge" ? ["i"] : [])];
  return ints.every((k) => Number.isInteger(sel[k]) && sel[k] >= 0) ? Object.fromEntries([["type", sel.type], ...ints.map((k) => [k, sel[k]])]) : null;
}

// A practice question's name (engine/practice.py): E, kind:l-j or kind:l-j-i.
const QUESTION = /^(E|[a-z_]{1,8}:\d{1,3}-\d{1,3}(-\d{1,3})?)$/i;

/** Practice mode in a link: on, and the question asked (the server checks it when asked). */
function cleanPractice(practice) {
  if (!practice || typeof practice !== "object") return null;
  return { question: typeof practice.question === "string" && QUESTION.test(practice.question) ? practice.question : null };
}

/** The payload in a hash, or null when there is none; throws, saying what is wrong, on a
 * damaged link. The document itself is checked by the server before it is used. */
export async function decode(hash) {
  if (!hash || hash === "#") return null;
  const match = /^#s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!match) throw new Error("This link is damaged: its view is not in the #s=… form (was it cut off when it was copied?).");
  let payload;
  try {
    payload = JSON.parse(await inflate(match[1]));
  } catch {
    throw new Error("This link is damaged: its view could not be unpacked (was it cut off when it was copied?).");
  }
  return decodePayload(payload);
}

/** A decoded payload with only known fields kept (links, and the view kept over a reload). */
export function decodePayload(payload) {
  if (payload?.v !== 1 || typeof payload.doc !== "object" || !payload.doc) throw new Error("This link's view is in an unknown format.");
  return {
    v: 1, doc: payload.doc, unit: UNITS.includes(payload.unit) ? payload.unit : null,
    preset: typeof payload.preset === "string" ? payload.preset : "", view: cleanView(payload.view),
    selection: cleanSelection(payload.selection), practice: cleanPractice(payload.practice),
    speed: payload.speed === "max" || (Number.isFinite(payload.speed) && payload.speed > 0) ? payload.speed : undefined,
  };
}
