// Embed URL flags: read what the server resolved (the boot JSON in /embed), and build the
// /embed URL and iframe snippet that reproduce a view (used by "Copy embed code").
export const DEFAULTS = Object.freeze({
  panels: ["network", "controls"], controls: "full", notation: null, autoplay: false,
  readonly: false, theme: "light", speed: 20, until: null,
});

// The notation flag names the seed; the explorer's store names the scheme (notation.js).
export const NOTATION_SCHEMES = Object.freeze({ "001": "nielsen", "002": "ng", "004": "mazur" });
export const NOTATION_FLAGS = Object.freeze(Object.fromEntries(
  Object.entries(NOTATION_SCHEMES).map(([flag, scheme]) => [scheme, flag])));

export function readBoot(doc = document) {
  return JSON.parse(doc.getElementById("bpx-boot").textContent);
}

/** JSON → base64url without padding (UTF-8 safe), as /embed's state= and config= expect. */
export function toBase64Url(value) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Query string for /embed: the view's link payload (s=, url-state.js: the same encoding as the
 * explorer's links), else a preset id, else the inline state document; defaults omitted. */
export function embedQuery({ s, preset, state, panels, controls, notation, autoplay, until, readonly, theme, speed, id, mode, ask, tol } = {}) {
  const q = new URLSearchParams();
  if (s) q.set("s", s);
  else if (state) q.set("state", toBase64Url(state));
  else if (preset) q.set("preset", preset);
  if (panels && panels.join(",") !== DEFAULTS.panels.join(",")) q.set("panels", panels.join(","));
  if (controls && controls !== DEFAULTS.controls) q.set("controls", controls);
  if (notation && notation !== DEFAULTS.notation) q.set("notation", notation);
  if (autoplay) q.set("autoplay", "1");
  if (autoplay && until) q.set("until", String(until));
  if (readonly) q.set("readonly", "1");
  if (theme && theme !== DEFAULTS.theme) q.set("theme", theme);
  if (speed && speed !== DEFAULTS.speed) q.set("speed", String(speed));
  if (id) q.set("id", id);
  if (mode === "practice") q.set("mode", "practice");
  if (ask) q.set("ask", ask);
  if (tol) q.set("tol", String(tol));
  return q.toString();
}

const escapeAttr = (s) => String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The snippet for a page: the iframe, and the script (served by the explorer) that grows every
 * explorer frame of the page to its content's height. */
export function snippetFor(origin, query, { title = "Backprop Explorer", height = 420, width = "100%" } = {}) {
  const src = `${origin}/embed${query ? "?" + query : ""}`;
  return `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="${escapeAttr(width)}" height="${Number(height) || 420}" ` +
    `style="border:0;max-width:100%" loading="lazy"></iframe>\n` +
    `<script src="${escapeAttr(origin)}/static/js/embed-parent.js" async></script>`;
}

export function embedSnippet(origin, options, settings = {}) {
  return snippetFor(origin, embedQuery(options), settings);
}
