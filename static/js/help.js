// The keyboard shortcuts, listed in a dialog opened with "?" (or the header's "?" button) and
// closed with Escape; focus goes back where it was. The list is read from the page's own
// aria-keyshortcuts attributes, so a new shortcut on a button appears here by itself.
const KEY_NAMES = { ArrowRight: "→", ArrowLeft: "←", "Shift+ArrowRight": "Shift+→", Space: "Space", e: "E", r: "R" };
const EXTRA = [
  ["Tab, Enter", "Focus a unit or bias square of the diagram and open it in the inspector"],
  ["?", "This list of shortcuts"],
  ["Esc", "Close this list"],
];

function rows() {
  const seen = new Set();
  const list = [];
  for (const el of document.querySelectorAll("button[aria-keyshortcuts]")) {
    const key = el.getAttribute("aria-keyshortcuts");
    if (key === "?" || seen.has(key)) continue;
    seen.add(key);
    const what = (el.title || el.textContent).replace(/\s*\([^)]*\)\s*$/, "");
    list.push([KEY_NAMES[key] ?? key, what]);
  }
  return [...list, ...EXTRA];
}

function build() {
  const dialog = document.createElement("dialog");
  dialog.id = "help-dialog";
  dialog.className = "help-dialog";
  dialog.setAttribute("aria-labelledby", "help-title");
  dialog.innerHTML = `<h2 id="help-title">Keyboard shortcuts</h2>
    <table class="shortcuts"><thead><tr><th scope="col">Key</th><th scope="col">What it does</th></tr></thead><tbody></tbody></table>
    <p class="note">Shortcuts work when the focus is not in a text box. The buttons show the same actions.</p>
    <form method="dialog"><button type="submit" id="help-close">Close</button></form>`;
  document.body.append(dialog);
  return dialog;
}

export function mountHelp(button) {
  let dialog = null;
  let returnTo = null;
  const open = () => {
    dialog ??= build();
    if (dialog.open) return;
    const body = dialog.querySelector("tbody");
    body.replaceChildren(...rows().map(([key, what]) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      const kbd = document.createElement("kbd");
      kbd.textContent = key;
      th.append(kbd);
      const td = document.createElement("td");
      td.textContent = what;
      tr.append(th, td);
      return tr;
    }));
    returnTo = document.activeElement;
    // The close event comes a task after the dialog closed; by then the browser may have restored
    // focus itself and the person may have moved on: only put focus back if it was lost.
    dialog.addEventListener("close", () => {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && returnTo?.isConnected) returnTo.focus();
    }, { once: true });
    dialog.showModal();
    dialog.querySelector("#help-close").focus();
  };
  button?.addEventListener("click", open);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    event.preventDefault();
    open();
  });
}
