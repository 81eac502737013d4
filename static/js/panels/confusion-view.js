// The confusion matrix of a classification run: rows are the true class, columns the class
// the network predicts, each cell a count, for the training or the test set (a switch). The
// server computes the counts (engine/metrics.py) in every answer and training frame; this
// panel only shows them. Built with DOM calls and textContent: nothing here is parsed as HTML.
import { classColour, confusionSummary } from "../classes.js";
import { percent } from "../format.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
import { entry, getState } from "../store.js";

const el = (tag, props = {}, children = []) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function swatch(k) {
  const mark = el("span", { className: "class-swatch" });
  mark.style.background = classColour(k);
  mark.setAttribute("aria-hidden", "true");
  return mark;
}

/** The table for one matrix (k × k counts): a header row of predicted classes, one row per
 * true class, the diagonal (right answers) marked. */
function table(matrix, setName) {
  const k = matrix.length;
  const { total, correct } = confusionSummary(matrix);
  const caption = el("caption", { textContent: `${setName} set: ${total} points, ${correct} classified right (${percent(total ? correct / total : NaN)})` });
  // Compact headers so that three classes fit a narrow column: the columns show the class
  // number; screen readers hear "predicted class j" (a visually hidden word).
  const corner = el("th", { scope: "col", className: "corner" }, ["true ↓", el("br"), "predicted →"]);
  const head = el("tr", {}, [corner, ...matrix.map((_, j) => el("th", { scope: "col" },
    [swatch(j), el("span", { className: "visually-hidden", textContent: "predicted class " }), String(j)]))]);
  const rows = matrix.map((row, i) => el("tr", {}, [
    el("th", { scope: "row" }, [swatch(i), `class ${i}`]),
    ...row.map((count, j) => {
      const cell = el("td", { textContent: String(count), className: i === j ? "hit" : count ? "miss" : "" });
      cell.dataset.true = String(i);
      cell.dataset.predicted = String(j);
      return cell;
    }),
  ]));
  const found = el("table", { className: "confusion-table" }, [caption, el("thead", {}, [head]), el("tbody", {}, rows)]);
  found.dataset.classes = String(k);
  return found;
}

function render(root, state) {
  const metrics = entry(state)?.metrics;
  const shown = Boolean(metrics?.classes && metrics.train_confusion);
  root.hidden = !shown;
  if (!shown || !root.querySelector("details").open) return; // closed: nothing to update
  const hasTest = Boolean(metrics.test_confusion);
  const testChoice = root.querySelector("input[value=test]");
  testChoice.disabled = !hasTest;
  if (!hasTest && testChoice.checked) root.querySelector("input[value=train]").checked = true;
  const which = root.querySelector("input[name=confusion-set]:checked").value;
  const matrix = which === "test" ? metrics.test_confusion : metrics.train_confusion;
  root.querySelector(".confusion-body").replaceChildren(table(matrix, which === "test" ? "Test" : "Training"));
}

export function mount(root) {
  root.classList.add("confusion");
  root.replaceChildren(el("details", { id: "confusion" }, [
    el("summary", { textContent: "Confusion matrix" }),
    el("fieldset", { className: "confusion-switch" }, [
      el("legend", { textContent: "Set" }),
      ...["train", "test"].map((value) => el("label", {}, [
        el("input", { type: "radio", name: "confusion-set", value, checked: value === "train" }), ` ${value}`])),
    ]),
    el("div", { className: "confusion-body" }),
  ]));
  root.addEventListener("change", () => render(root, getState()));
  root.querySelector("details").addEventListener("toggle", () => render(root, getState()));
  document.addEventListener("bpx:theme", () => render(root, getState())); // swatches in the new colours
  // While training, the counts follow a few times a second (text changes force layout).
  whenChanged((s) => (s.playing ? [slowWhilePlaying(s, 4)] : [s.history[s.cursor]]), (s) => render(root, s));
}
