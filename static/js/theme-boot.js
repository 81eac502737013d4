// Runs before the first paint (a classic script in <head>): applies the theme the reader chose
// with the header's toggle, so a dark page never flashes light. No choice: the page follows
// the system setting (explorer.css). Storage may be refused (a sandboxed frame): then nothing.
try {
  const chosen = localStorage.getItem("bpx:theme");
  if (chosen === "dark" || chosen === "light") document.documentElement.dataset.theme = chosen;
} catch { /* no storage: follow the system */ }
