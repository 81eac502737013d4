// The embed builder: the form's choices → one /embed query (embed-flags.js embedQuery, the same
// encoder the explorer's "Embed" button and the gallery use), a live preview frame and the
// snippet with the resize script. The explorer opens it with its view in #s= (url-state.js).
import { embedQuery, snippetFor } from "./embed-flags.js";

const form = document.getElementById("builder");
const preview = document.getElementById("preview");
const area = document.getElementById("snippet");
const status = document.getElementById("builder-status");
const viewPayload = /^#s=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1] ?? null;

function choices() {
  const data = new FormData(form);
  const fromView = data.get("source") === "view" && viewPayload;
  return {
    s: fromView ? viewPayload : null,
    preset: fromView ? null : data.get("preset"),
    panels: data.getAll("panels"),
    controls: data.get("controls"),
    notation: data.get("notation") || null,
    theme: data.get("theme"),
    readonly: data.get("readonly") === "on",
    autoplay: data.get("autoplay") === "on",
    until: Number(data.get("until")) || null,
    id: /^[A-Za-z0-9_-]{1,40}$/.test(data.get("id")) ? data.get("id") : null,
    width: data.get("width") || "100%",
    height: Number(data.get("height")) || 420,
  };
}

let shown = null;
function refresh() {
  const c = choices();
  if (!c.panels.length) { status.textContent = "Choose at least one panel."; return; }
  const query = embedQuery(c);
  area.value = snippetFor(location.origin, query, { width: c.width, height: c.height });
  document.getElementById("builder-size").textContent = `(${area.value.length} characters)`;
  const src = `/embed?${query}`;
  if (src !== shown) { shown = src; preview.src = src; }
  preview.style.width = c.width;
  status.textContent = "";
}

if (viewPayload) document.getElementById("source-view").checked = true;
else document.getElementById("source-view").disabled = true;
form.addEventListener("input", refresh);
form.addEventListener("change", refresh);
document.getElementById("copy-snippet").addEventListener("click", async () => {
  area.select();
  try { await navigator.clipboard.writeText(area.value); status.textContent = "Copied to the clipboard."; }
  catch { status.textContent = "Selected: press Ctrl+C to copy."; }
});
refresh();
document.body.dataset.ready = "true";
