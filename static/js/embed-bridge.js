// The postMessage bridge between an embedded explorer and the page that frames it.
// In:  {type: "bpx:step"|"bpx:play"|"bpx:pause"|"bpx:reset"|"bpx:getState"|"bpx:setState", ...}
//      from the parent window only, and only from an origin on the server's allow-list.
// Out: bpx:ready, bpx:state (iteration, loss, …), bpx:stateDocument, bpx:error, bpx:resize,
//      bpx:answer and bpx:score (practice mode, panels/practice-view.js),
//      and Canvas LMS's {subject: "lti.frameResize", height}. Every bpx message carries the
//      frame's id so a page with several embeds can tell them apart.
const SOURCE = "backprop-explorer";

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
    status: item?.doc.status ?? "ok", playing: Boolean(s.playing), error: s.error || "",
  };
}

export function startBridge({ id, allowedOrigins, actions, store, root }) {
  if (window.parent === window) return; // not framed: nobody to talk to
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

  let lastHeight = 0;
  const reportHeight = () => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    send("bpx:resize", { height });
    post({ subject: "lti.frameResize", height }); // Canvas LMS resizes its tool frames on this
  };
  new ResizeObserver(reportHeight).observe(root);
  reportHeight();
  send("bpx:ready", summary(store.getState()));
  return { send };
}
