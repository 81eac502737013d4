// Number formatting shared by every panel. Tutorial numbers print with 9 decimals (seed 004),
// so that is the precision of the equations; the diagram uses fewer digits to stay compact.

const stripZeros = (s) => (s.includes(".") && !s.includes("e") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);

/** Full precision for equations: 9 decimals, trailing zeros dropped, exponent when tiny/huge. */
export function num(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  const text = abs < 1e-4 || abs >= 1e6 ? x.toExponential(5) : stripZeros(x.toFixed(9));
  return text.replace(/^-/, "−");
}

/** Compact form for the diagram and tables. */
export function short(x, digits = 4) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const abs = Math.abs(x);
  const text = abs !== 0 && (abs < 10 ** -digits || abs >= 1e4) ? x.toExponential(1) : x.toFixed(digits);
  return text.replace(/^-/, "−");
}

/** Parse user input that may use the typographic minus. */
export function parseNumber(text) {
  const value = Number(String(text).trim().replace(/−/g, "-"));
  return Number.isFinite(value) ? value : null;
}

/** Text for an HTML template: user data (a link's or a file's values) is escaped, never markup. */
export function esc(value) {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
