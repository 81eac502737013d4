// Writes that skip equal values. An equal write still replaces the node's content (or re-sets
// the attribute) and invalidates style and layout; panels redraw on every training frame.

export function setText(node, value) {
  const text = String(value ?? "");
  if (node.textContent !== text) node.textContent = text;
}

export function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Replace a box's content only when its HTML differs (the panel's own markup, never user data). */
const written = new WeakMap(); // box → the HTML last written into it
export function setHtml(box, html) {
  if (written.get(box) !== html) { written.set(box, html); box.innerHTML = html; }
}
