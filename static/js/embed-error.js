// The error page of /embed (a flag the server refused): tell the parent page too, with
// bpx:error (no requestId: nobody asked) and the page's height, so a course page can show
// or log it. The words are already on the page for the learner.
const SOURCE = "backprop-explorer";
const error = JSON.parse(document.getElementById("bpx-error").textContent);

if (window.parent !== window) {
  const send = (message) => window.parent.postMessage({ source: SOURCE, id: error.id, ...message }, "*");
  send({ type: "bpx:error", requestId: null, command: "load", detail: error.detail });
  const height = Math.ceil(document.getElementById("embed-root").getBoundingClientRect().height);
  send({ type: "bpx:resize", height });
  window.parent.postMessage({ subject: "lti.frameResize", height }, "*");
  window.parent.postMessage({ subject: "org.imsglobal.lti.frameResize", height }, "*");
}
document.body.dataset.ready = "true";
