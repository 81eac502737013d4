// Auto-training only while someone can see it: an embed trains while it is in the viewport of
// the page (IntersectionObserver) and the tab is visible (visibilitychange), and pauses
// otherwise; pausing closes its training socket, so a page of autoplaying embeds holds a socket
// only for the frames on screen. The learner's own Play / Pause decides whether it should
// train at all; until=N stops it at epoch N exactly (the server stops there, see trainer.js),
// and Play afterwards trains on.
export function trainWhileVisible({ actions, store, wanted, until = null }) {
  let want = wanted; // the learner's (or autoplay=1's) wish
  let inView = false; // set by the first observation, which arrives at once
  let expect = null; // the playing state this module asked for and has not seen yet
  const playing = () => store.getState().playing;
  const epoch = () => { const s = store.getState(); return s.history[s.cursor]?.doc.epoch ?? 0; };
  let passed = false; // the learner pressed Play after the stop: until= has done its job
  const done = () => until !== null && !passed && epoch() >= until;

  const apply = () => {
    const should = want && inView && !document.hidden && !done();
    if (should === playing()) return;
    expect = should;
    if (should) actions.play(); else actions.pause();
  };

  let was = playing();
  store.subscribe((s) => {
    if (s.playing !== was) {
      if (s.playing === expect) expect = null;
      else { want = s.playing; passed ||= s.playing && done(); } // the learner pressed Play or Pause
      was = s.playing;
    }
    document.body.dataset.playing = String(s.playing);
    if (s.playing && done()) { want = false; apply(); }
  });
  new IntersectionObserver((entries) => {
    inView = entries.at(-1).isIntersecting;
    document.body.dataset.inView = String(inView);
    apply();
  }).observe(document.documentElement);
  document.addEventListener("visibilitychange", apply);
}
