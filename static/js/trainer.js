// Auto-train over WS /api/train (protocol in the BRIEF / README). Every frame becomes a
// history entry; Pause sends "stop" and records the server's full final state document.
import { setTrainer } from "./actions.js";
import { sizesOf } from "./quantities.js";
import { entry, getState, record, subscribe, update } from "./store.js";

let socket = null;
let base = null; // the document training started from: config and dataset for every frame
let stopped = null; // resolves when the server has sent the final state

const wsUrl = () => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/train`;

function frameEntry(frame) {
  const doc = { ...base, params: frame.params, velocity: frame.velocity ?? base.velocity, iteration: frame.iteration,
    epoch: frame.epoch, batch_index: frame.batch_index ?? 0, phase: 0, status: frame.status ?? "ok" };
  const focus = frame.focus;
  const trace = focus ? { frame: true, input: focus.input, layers: focus.a.map((a, k) => ({ a, delta: focus.delta[k] })) } : null;
  return { doc, trace, phase: null, metrics: { train_loss: frame.train_loss, test_loss: frame.test_loss } };
}

function hiddenGridSize(doc) {
  const sizes = sizesOf(doc);
  return sizes.length > 2 && getState().points?.domain.length === 2 ? 16 : 0;
}

function onMessage(event) {
  const msg = JSON.parse(event.data);
  if (msg.type === "frame") {
    const changes = { framesApplied: (getState().framesApplied || 0) + 1 };
    if (msg.grid) { changes.grid = msg.grid; changes.hiddenGrids = msg.hidden_grids ?? null; }
    record(frameEntry(msg), changes);
  } else if (msg.type === "stopped" || msg.type === "paused") {
    const last = entry();
    record({ doc: msg.state, trace: last?.trace ?? null, phase: null, metrics: last?.metrics ?? null });
  } else if (msg.type === "error" || msg.type === "refused") {
    update({ error: msg.detail });
  }
}

function finish() {
  socket = null;
  update({ playing: false });
  stopped?.resolve();
  stopped = null;
}

function start() {
  const item = entry();
  if (!item) return;
  base = { ...item.doc, phase: 0 };
  update({ playing: true, error: "", notice: "" });
  socket = new WebSocket(wsUrl());
  socket.addEventListener("open", () => socket.send(JSON.stringify({
    type: "start", state: base, speed: getState().speed, grid_every: 10, grid_size: 40,
    hidden_grid_size: hiddenGridSize(base),
  })));
  socket.addEventListener("message", onMessage);
  socket.addEventListener("close", finish);
  socket.addEventListener("error", () => update({ error: "The training connection failed; the network on screen is kept." }));
}

/** Ask for the final state and wait for it (or for the socket to close). */
export function pause() {
  if (!socket) return Promise.resolve();
  if (!stopped) {
    let resolve;
    stopped = { promise: new Promise((r) => { resolve = r; }) };
    stopped.resolve = resolve;
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "stop" }));
    else socket.close();
  }
  return stopped.promise;
}

export function toggle() {
  return socket ? pause() : start();
}

/** Hyperparameters changed while training: tell the server, keep going. */
function reconfigure(config) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  base = { ...base, config };
  socket.send(JSON.stringify({ type: "set", learning_rate: config.learning_rate, batch_size: config.batch_size ?? 0,
    l2: config.l2, momentum: config.momentum }));
}

let lastSpeed = getState().speed;
subscribe((state) => {
  if (state.speed === lastSpeed) return;
  lastSpeed = state.speed;
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "set", speed: state.speed }));
});

setTrainer({ pause, playing: () => Boolean(socket), reconfigure });
