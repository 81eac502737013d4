// For pages that embed Backprop Explorer: grow every explorer iframe to its content's height.
// A classic script (no modules needed): <script src="https://<explorer>/static/js/embed-parent.js"></script>
(function () {
  "use strict";
  function frameOrigin(frame) {
    var sandbox = frame.getAttribute("sandbox");
    if (sandbox !== null && !/(^|\s)allow-same-origin(\s|$)/.test(sandbox)) return "null";
    return new URL(frame.src, window.location.href).origin;
  }
  window.addEventListener("message", function (event) {
    var message = event.data;
    if (!message || message.source !== "backprop-explorer" || message.type !== "bpx:resize") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i += 1) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      // Only trust the origin the frame was loaded from ("null" for a frame sandboxed
      // without allow-same-origin: its document has an opaque origin).
      if (event.origin !== frameOrigin(frame)) return;
      frame.style.height = Math.max(80, Math.ceil(Number(message.height) || 0)) + "px";
    }
  });
})();
