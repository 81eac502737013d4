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

/** A compact axis label that is never cut: at most `digits` significant digits, an exponent
 * outside [1e-3, 1e5) (1.3e6, not "1.3456"), trailing zeros dropped; typographic minus. */
export function compact(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  let text;
  if (abs < 1e-3 || abs >= 1e5) {
    const [mantissa, exponent] = x.toExponential(Math.max(0, digits - 2)).split("e");
    text = `${stripZeros(mantissa)}e${Number(exponent)}`;
  } else {
    text = stripZeros(x.toPrecision(digits));
    if (text.includes("e")) text = String(Number(text)); // toPrecision(3) of 12345 → "1.23e+4"
  }
  return text.replace(/-/g, "−");
}

/** A share in [0, 1] as a percentage with one decimal ("93.2 %"), or "–". */
export function percent(x) {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "–";
}
