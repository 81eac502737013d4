// The gallery (/examples/): each lesson's snippet, written from its query with the same
// function as the builder's, and a copy button.
import { snippetFor } from "./embed-flags.js";

for (const lesson of document.querySelectorAll(".lesson")) {
  const frame = lesson.querySelector("iframe");
  const area = lesson.querySelector(".snippet");
  const status = lesson.querySelector(".copied");
  area.value = snippetFor(location.origin, frame.dataset.query, { title: frame.title, height: 420 });
  lesson.querySelector(".copy").addEventListener("click", async () => {
    area.select();
    try { await navigator.clipboard.writeText(area.value); status.textContent = "Copied."; }
    catch { status.textContent = "Selected: press Ctrl+C to copy."; }
  });
}
