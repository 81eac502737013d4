// The postMessage bridge between an embedded explorer and the page that frames it.
// In:  {type: "bpx:step"|"bpx:play"|"bpx:pause"|"bpx:reset"|"bpx:getState"|"bpx:setState", ...}
//      from the parent window only, and only from an origin on the server's allow-list.
// Out: bpx:ready (with warnings about unknown flags), bpx:state (iteration, loss, …),
//      bpx:stateDocument, bpx:error, bpx:resize, bpx:answer and bpx:score (practice mode,
//      panels/practice-view.js), and the LMS forms of the resize message: Canvas's
//      {subject: "lti.frameResize", height} and IMS's "org.imsglobal.lti.frameResize". Every bpx message carries the
//      frame's id so a page with several embeds can tell them apart.
const SOURCE = "backprop-explorer";
const SETTLE_MS = 100;

export function originAllowed(origin, allowed) {
  return allowed.includes("*") || allowed.includes(origin);
}

function parentOrigin() {
  const ancestors = window.location.ancestorOrigins;
  if (ancestors && ancestors.length) return ancestors[0];
  try { return new URL(document.referrer).origin; } catch { return null; }
}

/** Where outgoing messages may go: anyone when any origin is allowed, else the parent if listed. */
function targetOrigin(allowed) {
  if (allowed.includes("*")) return "*";
  const origin = parentOrigin();
  return origin && allowed.includes(origin) ? origin : null;
}

function summary(s) {
  const item = s.history[s.cursor];
  return {
    iteration: item?.doc.iteration ?? 0, epoch: item?.doc.epoch ?? 0, phase: item?.doc.phase ?? 0,
    loss: item?.metrics?.train_loss ?? null, testLoss: item?.metrics?.test_loss ?? null,
    accuracy: item?.metrics?.train_accuracy ?? null, testAccuracy: item?.metrics?.test_accuracy ?? null,
    status: item?.doc.status ?? "ok", playing: Boolean(s.playing), error: s.error || "",
  };
}

export function startBridge({ id, allowedOrigins, actions, store, root, warnings = [] }) {
  if (window.parent === window) return null; // not framed: nobody to talk to
  const target = targetOrigin(allowedOrigins);
  const post = (message) => { if (target) window.parent.postMessage(message, target); };
  const send = (type, fields = {}) => post({ source: SOURCE, type, id, ...fields });

  const reply = (request, promise, onDone) => promise.then(onDone, (err) =>
    send("bpx:error", { requestId: request.requestId ?? null, command: request.type, detail: err.message }));

  const handlers = {
    "bpx:step": (m) => reply(m, actions.step(m.unit ?? "iteration", m.count ?? 1), () => {}),
    "bpx:play": (m) => actions.play(m.speed ?? store.getState().speed),
    "bpx:pause": () => actions.pause(),
    "bpx:reset": (m) => reply(m, actions.reset(), () => {}),
    "bpx:getState": (m) => send("bpx:stateDocument", { requestId: m.requestId ?? null, ...actions.getDocument() }),
    "bpx:setState": (m) => reply(m, actions.setDocument(m.state), () =>
      send("bpx:stateDocument", { requestId: m.requestId ?? null, ...actions.getDocument() })),
  };

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    if (!originAllowed(event.origin, allowedOrigins)) {
      // Counted on <body> so a page (and a test) can see that commands were refused.
      document.body.dataset.refusedMessages = String(Number(document.body.dataset.refusedMessages || 0) + 1);
      return;
    }
    const message = event.data;
    if (!message || typeof message !== "object" || !(message.type in handlers)) return;
    if (message.id !== undefined && message.id !== id) return; // addressed to another embed
    handlers[message.type](message);
  });

  let last = "";
  store.subscribe((s) => {
    const fields = summary(s);
    const key = JSON.stringify(fields);
    if (key !== last) { last = key; send("bpx:state", fields); }
  });

  startHeightReports(root, store, send, post);
  send("bpx:ready", { ...summary(store.getState()), warnings });
  return { send };
}

/** The frame's content height, to the parent: once the first layout is complete (embed.js
 * starts the bridge after the starting data arrived), then whenever it changes. Measured on
 * every store change too, from a timer: ResizeObserver does not run in an out-of-view
 * cross-origin frame, timers do. */
function startHeightReports(root, store, send, post) {
  let lastHeight = 0;
  let timer = null;
  const reportHeight = () => {
    timer = null;
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    send("bpx:resize", { height });
    post({ subject: "lti.frameResize", height }); // Canvas LMS resizes its tool frames on this
    post({ subject: "org.imsglobal.lti.frameResize", height }); // … and Brightspace (IMS form) on this
  };
  // After the panels' next render (an animation frame, or embed-frames.js's timer fallback).
  const soon = () => { if (!timer) timer = setTimeout(reportHeight, SETTLE_MS); };
  new ResizeObserver(soon).observe(root);
  store.subscribe(soon);
  addEventListener("load", soon);
  document.fonts?.ready.then(soon);
  reportHeight();
}
