// Light and dark theme. The page follows the system setting (prefers-color-scheme) until the
// reader presses the header's toggle; the choice is kept in localStorage where the browser
// allows it (theme-boot.js applies it before the first paint). Canvases cannot use CSS
// variables, so they read them through cssColour() and redraw on the "bpx:theme" event.
import { legendGradient, usePalette } from "./palette.js";

const KEY = "bpx:theme";
const dark = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
let cache = new Map();

/** "dark" or "light": the reader's choice, or else the system's. */
export function currentTheme() {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "dark" || chosen === "light") return chosen;
  return dark?.matches ? "dark" : "light";
}

/** The value of a CSS colour variable of the page ("--fg") in the theme on screen. */
export function cssColour(name, fallback = "#777") {
  let value = cache.get(name);
  if (value === undefined) {
    value = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
    cache.set(name, value);
  }
  return value;
}

function changed() {
  cache = new Map();
  usePalette(currentTheme());
  for (const ramp of document.querySelectorAll(".legend .ramp")) ramp.style.background = legendGradient();
  document.dispatchEvent(new CustomEvent("bpx:theme", { detail: currentTheme() }));
}

/** Apply and remember a theme ("dark" or "light"). Storage may be refused: the choice then
 * lasts until the page is left. */
export function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  try { localStorage.setItem(KEY, theme); } catch { /* sandboxed frame or storage off */ }
  changed();
}

dark?.addEventListener?.("change", changed);
// The palette's tables follow the theme from the first paint (not in the edge worker: no DOM).
if (typeof document !== "undefined") usePalette(currentTheme());

/** The header's toggle: a pressed button means the dark theme. */
export function mountToggle(button) {
  if (!button) return;
  const show = () => {
    const isDark = currentTheme() === "dark";
    button.setAttribute("aria-pressed", String(isDark));
  };
  button.addEventListener("click", () => setTheme(currentTheme() === "dark" ? "light" : "dark"));
  document.addEventListener("bpx:theme", show);
  show();
}
