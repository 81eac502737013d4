// Auto-train over WS /api/train (protocol in the README; frames are binary, see frames.js). Every frame becomes a
// history entry; Pause sends "stop" and records the server's full final state document.
import { setTrainer } from "./actions.js";
import { readMessage } from "./frames.js";
import { sizesOf } from "./quantities.js";
import { entry, getState, record, subscribe, update } from "./store.js";

let socket = null;
let base = null; // the document training started from: config and dataset for every frame
let stopped = null; // resolves when the server has sent the final state
let untilEpoch = null; // an embed's until=N: the server stops training at exactly that epoch

/** Stop training on reaching `epoch` (null: no such stop). The server counts, so the run stops
 * at that epoch exactly however late a frame arrives. */
export function stopAtEpoch(epoch) { untilEpoch = epoch; }

const wsUrl = () => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/train`;

/** A live trace: the focus example's numbers at the document's parameters (no batch gradient). */
function liveTrace(focus) {
  if (!focus) return null;
  return { frame: true, example: focus.example, input: focus.input, target: focus.target, output_grad: focus.output_grad,
    layers: focus.a.map((a, k) => ({ a, z: focus.z[k], delta: focus.delta[k], slope: focus.slope[k] })) };
}

// What a frame or a paused/stopped reply says about the network's quality: the same fields as
// a REST answer's metrics (losses; for classification, accuracies and confusion matrices).
const SCORES = ["train_loss", "test_loss", "classes", "train_accuracy", "test_accuracy", "train_confusion", "test_confusion"];
const scoresOf = (msg) => Object.fromEntries(SCORES.filter((key) => key in msg).map((key) => [key, msg[key]]));

function frameEntry(frame) {
  const doc = { ...base, params: frame.params, velocity: frame.velocity ?? base.velocity, iteration: frame.iteration,
    epoch: frame.epoch, batch_index: frame.batch_index ?? 0, phase: 0, status: frame.status ?? "ok" };
  return { doc, trace: liveTrace(frame.focus), phase: null, metrics: scoresOf(frame) };
}

function hiddenGridSize(doc) {
  const sizes = sizesOf(doc);
  const dims = getState().points?.domain.length;
  return sizes.length > 2 && (dims === 1 || dims === 2) ? 16 : 0; // 1-D data: a strip per unit
}

function onMessage(event) {
  const msg = readMessage(event.data);
  if (msg.type === "frame") {
    const changes = {};
    if (msg.grid) { changes.grid = msg.grid; changes.hiddenGrids = msg.hidden_grids ?? null; }
    record(frameEntry(msg), changes);
    if (msg.status === "diverged") pause(); // the server has paused; stop and show why
  } else if (msg.type === "stopped" || msg.type === "paused") {
    // The final document with the focus numbers computed at its own parameters.
    const last = entry();
    record({ doc: msg.state, trace: liveTrace(msg.focus) ?? last?.trace ?? null, phase: null,
      metrics: scoresOf(msg) });
  } else if (msg.type === "error" || msg.type === "refused") {
    update({ error: msg.detail });
  }
}

function finish() {
  socket = null;
  clearTimeout(retry.timer);
  retry.timer = null;
  update({ playing: false });
  stopped?.resolve();
  stopped = null;
}

// A socket that drops without a clean close (its worker died, a proxy cut it, the server
// restarted) is reopened and training resumes from the latest frame the page holds: the
// server keeps nothing, so any worker can continue the run. Clean closes (stop, idle) and
// refusals (1013, trainer cap reached) end training as before.
const RESUMABLE = new Set([1001, 1005, 1006, 1011, 1012]);
const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 4000, 4000, 4000];
const retry = { attempt: 0, timer: null };

function onClose(event) {
  if (stopped || !RESUMABLE.has(event.code) || retry.attempt >= RETRY_DELAYS_MS.length) {
    if (!stopped && RESUMABLE.has(event.code)) update({ error: "The training connection was lost; the network on screen is kept." });
    finish();
    return;
  }
  socket = null;
  update({ notice: "Connection lost: resuming training from the last frame…" });
  retry.timer = setTimeout(() => { retry.timer = null; connect(entry()?.doc ?? base); },
    RETRY_DELAYS_MS[retry.attempt++]);
}

function connect(doc) {
  const ws = new WebSocket(wsUrl());
  ws.binaryType = "arraybuffer"; // frames are binary (frames.js); replies are JSON text
  socket = ws;
  ws.addEventListener("open", () => ws.send(JSON.stringify({
    // 40 frames a second, each with the decision map and every hidden unit's map: the maps
    // refresh over 30 times a second, and the frames left out of 60/s leave time to training.
    type: "start", state: { ...doc, phase: 0 }, speed: getState().speed, frame_rate: 40, grid_every: 1, grid_size: 40,
    hidden_grid_size: hiddenGridSize(doc),
    ...(untilEpoch !== null && (doc.epoch ?? 0) < untilEpoch ? { until_epoch: untilEpoch } : {}),
  })));
  ws.addEventListener("message", (event) => {
    if (retry.attempt) { retry.attempt = 0; update({ notice: "", error: "" }); } // resumed
    onMessage(event);
  });
  ws.addEventListener("close", onClose);
}

function start() {
  const item = entry();
  if (!item) return;
  base = { ...item.doc, phase: 0 };
  retry.attempt = 0;
  update({ playing: true, error: "", notice: "" });
  connect(base);
}

/** Ask for the final state and wait for it (or for the socket to close). */
export function pause() {
  if (retry.timer) finish(); // between a drop and the reconnect: the held frame is the state
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
  return socket || retry.timer ? pause() : start();
}

/** Settings changed while training: the server applies them (Run.change_settings), and the
 * frames' documents carry them from now on. */
function reconfigure(changes) {
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  const config = { ...base.config, ...changes };
  if ("batch_size" in changes) config.batch_size = changes.batch_size || null;
  base = { ...base, config };
  socket.send(JSON.stringify({ type: "set", ...changes }));
}

let lastSpeed = getState().speed;
subscribe((state) => {
  if (state.speed === lastSpeed) return;
  lastSpeed = state.speed;
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "set", speed: state.speed }));
});

setTrainer({ pause, playing: () => Boolean(socket || retry.timer), reconfigure });
