// Panels render on animation frames. Chromium runs none in a cross-origin frame that is out of
// view (it throttles their rendering), so an embed below the fold would keep its first, empty
// layout and report a wrong height until scrolled to. In an embed, a frame callback that has
// not run within FALLBACK_MS runs from a timer instead: the layout, and so the height the frame
// reports, is complete right after load, visible or not. Imported first by embed.js.
const FALLBACK_MS = 60;
const nativeRequest = window.requestAnimationFrame.bind(window);
const nativeCancel = window.cancelAnimationFrame.bind(window);
const pending = new Map(); // id → timer of callbacks not yet run

window.requestAnimationFrame = (callback) => {
  let done = false;
  const run = (time) => {
    if (done) return;
    done = true;
    clearTimeout(pending.get(id));
    pending.delete(id);
    callback(time);
  };
  const id = nativeRequest(run);
  pending.set(id, setTimeout(() => { nativeCancel(id); run(performance.now()); }, FALLBACK_MS));
  return id;
};

window.cancelAnimationFrame = (id) => {
  clearTimeout(pending.get(id));
  pending.delete(id);
  nativeCancel(id);
};
