// The embed's control set (full, step-only, none): its buttons, keys and the Play label.
// The server rendered only the buttons of the chosen set; keys follow the same set.
const KEYS = {
  full: (e) => (e.key === "ArrowRight" ? (e.shiftKey ? "iteration" : "phase")
    : e.key === " " ? "toggle" : e.key === "r" || e.key === "R" ? "reset" : null),
  "step-only": (e) => (e.key === "ArrowRight" ? "iteration" : null),
  none: () => null,
};

export function bindEmbedControls(root, controlSet, actions, report) {
  const run = (action) => {
    const done = action === "phase" || action === "iteration" ? actions.step(action)
      : action === "toggle" ? actions.toggle() : action === "reset" ? actions.reset() : null;
    Promise.resolve(done).catch(report);
  };
  for (const button of root.querySelectorAll("button[data-action]")) {
    button.addEventListener("click", () => run(button.dataset.action));
  }
  const keyAction = KEYS[controlSet] ?? KEYS.none;
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    run(action);
  });
}

export function renderPlayButton({ playing }) {
  const button = document.getElementById("play");
  if (!button) return;
  button.textContent = playing ? "Pause" : "Play";
  button.setAttribute("aria-pressed", String(Boolean(playing)));
}
