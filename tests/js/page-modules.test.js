// DOM-free page modules (chain-rule.js, quantities.js, notation.js, format.js) under node's
// test runner, on the worked example as the server answers it (fixtures written by
// tests/test_page_modules_node.py into BPX_FIXTURES: the registry and the mazur preset).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { nodeDerivation, weightDerivation } from "../../static/js/chain-rule.js";
import { num, parseNumber, short } from "../../static/js/format.js";
import { namer, plain } from "../../static/js/notation.js";
import { context, directDelta, phaseList } from "../../static/js/quantities.js";
import { setRegistry } from "../../static/js/registry.js";

const fixture = (name) => JSON.parse(readFileSync(join(process.env.BPX_FIXTURES, name), "utf8"));
setRegistry(fixture("registry.json"));
const mazur = fixture("mazur.json");
const whole = { doc: mazur.state, trace: mazur.trace, phase: null }; // the whole iteration shown
const text = (lines) => lines.flat().join(" ");

test("chain rule gives the tutorial's ∂E/∂w5 and ∂E/∂w1", () => {
  const ctx = context(whole, "mazur");
  const w5 = weightDerivation(ctx, 2, 0, 0);
  assert.equal(num(w5.value), "0.082167041");
  assert.match(text(w5.lines), /<mn>0\.74136507<\/mn>.*<mn>0\.186815602<\/mn>.*<mn>0\.593269992<\/mn>/);
  const w1 = weightDerivation(ctx, 1, 0, 0);
  assert.equal(num(w1.value), "0.000438568");
});

test("the chain rule's product equals the δ it shows", () => {
  const ctx = context(whole, "nielsen");
  for (const [l, j] of [[1, 0], [1, 1], [2, 0], [2, 1]]) {
    const unit = nodeDerivation(ctx, l, j);
    assert.ok(unit.lines.length > 0);
    assert.ok(text(unit.lines).includes(`<mn>${num(ctx.delta(l, j))}</mn>`), `δ of unit ${l},${j}`);
  }
});

test("a weight is not derived before its backward phase is shown", () => {
  const phases = phaseList(2);
  const early = { ...whole, phase: { ...phases[0], index: 0 } };
  const derivation = weightDerivation(context(early, "mazur"), 2, 0, 0);
  assert.equal(derivation.lines.length, 0);
});

test("losses whose δ is a − t come from the server's registry", () => {
  assert.equal(directDelta("bce"), true);
  assert.equal(directDelta("softmax_ce"), true);
  assert.equal(directDelta("half_sse"), false);
});

test("seed 004 names w1…w8, net and out; seed 002 names Θ", () => {
  const mazurNames = namer("mazur", [2, 2, 2], mazur.state.params.biases);
  assert.equal(plain(mazurNames.w(2, 0, 0)), "w5");
  assert.equal(plain(mazurNames.w(1, 1, 1)), "w4");
  assert.match(plain(mazurNames.z(1, 0)), /net.*h1/);
  assert.match(plain(namer("ng", [2, 2, 2]).w(1, 0, 0)), /Θ/);
});

test("numbers print as the tutorial does", () => {
  assert.equal(num(0.29837110876000065), "0.298371109");
  assert.equal(num(-0.0821670407), "−0.082167041");
  assert.equal(num(1.3456e6), "1.34560e+6");
  assert.equal(short(0.4), "0.4000");
  assert.equal(parseNumber("−0.5"), -0.5);
  assert.equal(parseNumber("abc"), null);
});

test("the loss phase says what every loss includes", async () => {
  const { lossDefinition } = await import("../../static/js/phase-equations.js");
  const withL2 = { ...whole, doc: { ...mazur.state, config: { ...mazur.state.config, l2: 0.1 } }, metrics: { n_train: 250 } };
  const note = lossDefinition(context(withL2, "mazur"));
  assert.match(note, /E = ½ Σ \(a − t\)²/);
  assert.match(note, /λ\/\(2n\) Σ W² with λ = 0\.1 and n = 250, the training-set size/);
  assert.doesNotMatch(lossDefinition(context(whole, "mazur")), /λ/);
});

test("the diagram names a weight in each notation of NOTATION.md, and draws every registry feature", async () => {
  const { brief, edgeLabel } = await import("../../static/js/panels/diagram-labels.js");
  const { OPERATIONS, featureInputs } = await import("../../static/js/panels/feature-pictures.js");
  const { weights, biases } = mazur.state.params;
  const w5 = { l: 2, j: 0, i: 0 };
  assert.equal(edgeLabel(namer("mazur", [2, 2, 2], biases), weights, w5), "weight w5 = 0.4000, from h1 to o1");
  assert.equal(edgeLabel(namer("nielsen", [2, 2, 2]), weights, w5), "weight wj1k1 = 0.4000, from j1 to k1");
  assert.equal(edgeLabel(namer("ng", [2, 2, 2]), weights, w5), "weight Θ11(2) = 0.4000, from unit 1 of layer 2 to unit 1 of layer 3");
  assert.equal(plain(namer("ng", [2, 2, 2]).b(1, 1)), "Θ20(1)");
  assert.equal(brief(0.35891648), "0.36"); // the figure's w5⁺
  const registry = fixture("registry.json");
  for (const f of registry.features) assert.ok(OPERATIONS[f.op], `the page draws ${f.name} (${f.op})`);
  const inputs = featureInputs({ ...mazur.state, dataset: { ...mazur.state.dataset, features: ["x1^2", "sin_x2"] } }, null);
  assert.deepEqual(inputs.map((f) => f.title), ["x₁²", "sin x₂"]);
  assert.equal(featureInputs({ ...mazur.state, dataset: { ...mazur.state.dataset, features: ["x1"] } }, null), null); // 2 inputs, 1 feature
});
