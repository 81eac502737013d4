// The loss chart (train solid, test dashed) on a linear or a log scale, with axis labels that
// make room for themselves (compact numbers: 1.3e6, 1e−3; never cut), and the canvas sizing
// and theme colours the charts panel shares.
import { themeColour } from "../classes.js";
import { compact, num } from "../format.js";

// Series and axis colours come from the theme (explorer.css; dark theme included), read when
// drawn; the fallbacks are the light theme's.
export const colour = {
  train: () => themeColour("--series-train", "#542788"), test: () => themeColour("--series-test", "#b35806"),
  fit: () => themeColour("--series-fit", "#1b7837"), axis: () => themeColour("--axis", "#c4c4cc"),
  axisText: () => themeColour("--axis-text", "#5f5f66"), halo: () => themeColour("--point-halo", "#fff"),
  edge: () => themeColour("--point-edge", "#222"),
};

// Canvas sizes come from a ResizeObserver: reading layout on every frame would force it.
const sizes = new WeakMap();
const observer = new ResizeObserver((entries) => {
  for (const e of entries) {
    const before = sizes.get(e.target);
    sizes.set(e.target, { width: e.contentRect.width, height: e.contentRect.height });
    if (before && before.width !== e.contentRect.width) e.target.dispatchEvent(new Event("resized"));
  }
});

export function sized(canvas) {
  const ratio = window.devicePixelRatio || 1;
  if (!sizes.has(canvas)) { observer.observe(canvas); const r = canvas.getBoundingClientRect(); sizes.set(canvas, { width: r.width, height: r.height }); }
  const { width, height } = sizes.get(canvas);
  if (canvas.width !== Math.round(width * ratio)) { canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio); }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

/** A round step near `raw`: 1, 2, 2.5 or 5 times a power of ten (labels read 0, 0.5, 1). */
function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 2.5, 5, 10].find((f) => f * power >= raw) ?? 10;
  return factor * power;
}

/** The y axis of the loss chart: linear from 0, or log10 over the finite positive values. */
function lossAxis(series, scale) {
  let lo = Infinity, hi = 0;
  for (const p of series) {
    for (const v of [p.train, p.test]) {
      if (!Number.isFinite(v)) continue;
      if (v > hi) hi = v;
      if (v > 0 && v < lo) lo = v;
    }
  }
  if (scale === "log" && hi > 0) {
    let top = Math.ceil(Math.log10(hi)), bottom = Math.floor(Math.log10(lo));
    if (top === bottom) top += 1;
    const every = Math.max(1, Math.ceil((top - bottom) / 5)); // at most ~6 labelled powers
    const ticks = [];
    for (let e = bottom; e <= top; e += every) ticks.push(10 ** e);
    return { log: true, lo: bottom, hi: top, ticks, at: (v) => (v > 0 ? (Math.log10(v) - bottom) / (top - bottom) : NaN) };
  }
  const top = hi * 1.05 || 1;
  const step = niceStep(top / 3);
  const ticks = [];
  for (let k = 0; k * step <= top * (1 + 1e-9); k += 1) ticks.push(k * step);
  return { log: false, lo: 0, hi: top, ticks, at: (v) => v / top };
}

export function drawLoss(canvas, series, scale = "linear") {
  const { ctx, width, height } = sized(canvas);
  ctx.clearRect(0, 0, width, height);
  const axis = lossAxis(series, scale);
  ctx.font = "11px system-ui, sans-serif";
  const labels = axis.ticks.map((v) => compact(v));
  // The axis makes room for its widest label: a label is never cut (1.3e6, not "1.3456").
  const pad = { l: 8 + Math.max(...labels.map((t) => ctx.measureText(t).width)), r: 8, t: 8, b: 18 };
  const first = series[0]?.iteration ?? 0, last = Math.max(first + 1, series.at(-1)?.iteration ?? 1);
  const x = (it) => pad.l + ((it - first) / (last - first)) * (width - pad.l - pad.r);
  const y = (v) => height - pad.b - axis.at(v) * (height - pad.t - pad.b);
  ctx.strokeStyle = colour.axis(); ctx.fillStyle = colour.axisText(); ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(pad.l, pad.t); ctx.lineTo(pad.l, height - pad.b); ctx.lineTo(width - pad.r, height - pad.b); ctx.stroke();
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  axis.ticks.forEach((v, k) => {
    const at = Math.max(pad.t + 5, Math.min(height - pad.b - 5, y(v)));
    ctx.fillText(labels[k], pad.l - 4, at);
    ctx.beginPath(); ctx.moveTo(pad.l - 2, y(v)); ctx.lineTo(pad.l, y(v)); ctx.stroke();
  });
  ctx.textBaseline = "alphabetic"; ctx.textAlign = "left";
  ctx.fillText(`iteration ${first}`, pad.l, height - 4);
  ctx.textAlign = "right"; ctx.fillText(`${last}`, width - pad.r, height - 4); ctx.textAlign = "left";
  canvas.dataset.ticks = labels.join(" ");
  // At most two points (the extremes) per pixel column: a long run costs no more to draw
  // than the chart is wide, and spikes survive the thinning.
  const perPixel = Math.max(1, Math.floor(series.length / Math.max(1, width - pad.l - pad.r)));
  const plotted = (v) => Number.isFinite(v) && (!axis.log || v > 0);
  for (const key of ["train", "test"]) {
    ctx.strokeStyle = colour[key](); ctx.lineWidth = 1.8; ctx.setLineDash(key === "test" ? [5, 3] : []);
    ctx.beginPath();
    let started = false;
    const to = (p) => {
      if (started) ctx.lineTo(x(p.iteration), y(p[key])); else { ctx.moveTo(x(p.iteration), y(p[key])); started = true; }
    };
    for (let start = 0; start < series.length; start += perPixel) {
      let lo = null, hi = null;
      for (let k = start; k < Math.min(series.length, start + perPixel); k += 1) {
        const p = series[k];
        if (!plotted(p[key])) continue;
        if (!lo || p[key] < lo[key]) lo = p;
        if (!hi || p[key] > hi[key]) hi = p;
      }
      if (!lo) continue;
      if (lo === hi) to(lo);
      else if (lo.iteration < hi.iteration) { to(lo); to(hi); } else { to(hi); to(lo); }
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  const lastPoint = series.at(-1);
  canvas.setAttribute("aria-label", `Loss chart (${axis.log ? "log" : "linear"} scale): train ${num(lastPoint?.train)}, ` +
    `test ${num(lastPoint?.test)} at iteration ${lastPoint?.iteration ?? 0}`);
}
