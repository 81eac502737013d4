// The example course page's own script: drives the worked-example embed by postMessage and
// shows the state events it sends back. This is what an instructor's page would do.
const worked = document.getElementById("worked");
const status = document.getElementById("course-status");
const explorerOrigin = new URL(worked.src, window.location.href).origin;

function send(frame, message) {
  frame.contentWindow.postMessage(message, explorerOrigin);
}

window.addEventListener("message", (event) => {
  const m = event.data;
  if (event.origin !== explorerOrigin || m?.source !== "backprop-explorer" || m.id !== "worked") return;
  if (m.type === "bpx:state" || m.type === "bpx:ready") {
    const loss = m.loss === null ? "–" : m.loss.toFixed(9);
    status.textContent = `worked example: iteration ${m.iteration}, E_total = ${loss}`;
    document.body.dataset.workedIteration = String(m.iteration);
  }
});

document.getElementById("course-step").addEventListener("click", () => send(worked, { type: "bpx:step" }));
document.getElementById("course-reset").addEventListener("click", () => send(worked, { type: "bpx:reset" }));
