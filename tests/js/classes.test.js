// classes.js and format.js's axis labels under node's test runner (no DOM: the theme's CSS
// variables are absent, so the fallback colours apply).
import assert from "node:assert/strict";
import { test } from "node:test";

import { FALLBACK, classColour, classOf, confidenceStep, confusionSummary, decision, decisionTable, parseColour } from "../../static/js/classes.js";
import { compact, percent } from "../../static/js/format.js";

test("axis labels are compact and never cut", () => {
  assert.equal(compact(1.3e6), "1.3e6");
  assert.equal(compact(1345600), "1.3e6");
  assert.equal(compact(0.0004), "4e−4");
  assert.equal(compact(0.01), "0.01");
  assert.equal(compact(0.30000000000000004), "0.3");
  assert.equal(compact(2.5), "2.5");
  assert.equal(compact(-1234), "−1230");
  assert.equal(compact(0), "0");
  assert.equal(percent(0.9644), "96.4 %");
  assert.equal(percent(null), "–");
});

test("a point's class and a decision value's class and confidence", () => {
  assert.equal(classOf(0.7, 2), 1);
  assert.equal(classOf(0, 2), 0);
  assert.equal(classOf(2, 3), 2);
  assert.deepEqual(decision(0.8, 2), { cls: 1, confidence: 0.8 });
  assert.deepEqual(decision(0.25, 2), { cls: 0, confidence: 0.75 });
  const d = decision(2.75, 3);
  assert.equal(d.cls, 2);
  assert.ok(Math.abs(d.confidence - 0.75) < 1e-12);
  assert.equal(decision(2.99999, 3).cls, 2);
  assert.equal(decision(NaN, 3), null);
});

test("class colours fall back to the palette and the map grows paler towards chance", () => {
  assert.equal(classColour(0), FALLBACK[0]);
  assert.equal(classColour(2), "#1b7837");
  assert.deepEqual(parseColour("rgb(1, 2, 3)"), [1, 2, 3]);
  const [first] = decisionTable(3);
  assert.equal(confidenceStep(1 / 3, first), 0);
  assert.equal(confidenceStep(1, first), first.steps);
  const red = (packed) => packed & 0xff;
  // class 0 is orange (#b35806): its red channel falls from near-white to the class colour
  assert.ok(red(first.table[0]) > red(first.table[first.steps]));
});

test("a confusion matrix's totals", () => {
  const s = confusionSummary([[76, 0, 0], [4, 87, 2], [3, 1, 77]]);
  assert.equal(s.total, 250);
  assert.equal(s.correct, 240);
  assert.deepEqual(s.rows, [76, 93, 81]);
  assert.equal(s.recall[0], 1);
});
