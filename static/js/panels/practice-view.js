// Practice mode: before each phase is shown, the learner computes one of its numbers; the
// server checks the answer on the state the page sends and names a common mistake. The page
// steps through /api/practice/step, whose trace withholds every number not shown yet, so the
// asked value is not in the page before it is revealed. Score per kind is kept in the store
// (nothing on the server); an embed reports each answer and the score to its parent.
import * as actions from "../actions.js";
import * as api from "../api.js";
import { setHtml } from "../dom.js";
import { block } from "../mathml.js";
import { namer } from "../notation.js";
import { KIND_TITLES, describe, formulaLines, parseId, plainName, refLine, symbolOf, valueLine } from "../practice-question.js";
import { context, phaseTitle } from "../quantities.js";
import { whenChanged } from "../schedule.js";
import { amend, entry, getState, record, update } from "../store.js";

const IDLE = { on: false, question: null, status: "idle", attempts: 0, hintCount: 0, hints: [], feedback: null, expected: null, score: {} };
let options = { ask: null, tol: null, seed: 0 };
let report = () => {};
let asked = 0; // numbers each question: asked again (after an edit), it is drawn again // (type, fields): the embed bridge's postMessage, when framed

const practice = (state = getState()) => state.practice ?? IDLE;
const setPractice = (changes) => update({ practice: { ...practice(), ...changes } });

/** Options from the embed flags (ask=, tol=) and a reporter for bpx:answer / bpx:score. */
export function configure({ ask = null, tol = null, seed = 0, onEvent = null } = {}) {
  options = { ask, tol, seed };
  if (onEvent) report = onEvent;
}

// -- what the learner does ---------------------------------------------------------------------
/** Practice on. History, selection and plots stay (Back still reaches the steps taken before);
 * only the entry on screen loses the numbers of phases not shown yet. */
export const switchOn = () => actions.queued(async () => {
  setPractice({ ...IDLE, on: true, score: practice().score });
  await withholdOnScreen();
});

/** Practice on from a link or a reload (url-state.js): on, and the question that was asked. */
export const resume = ({ question = null } = {}) => {
  switchOn();
  return question ? ask(question) : actions.queued(async () => {});
};

/** Mid-iteration, an entry from a plain phase step holds the whole iteration's numbers (the
 * phase view shows only those shown): replace its trace, in place, by one that withholds the
 * phases not shown yet, so the next asked value is not in the page. Entries practice recorded
 * already withhold them. */
async function withholdOnScreen() {
  const item = entry();
  if (!item || item.doc.phase === 0 || item.withheld) return;
  const res = await api.practiceQuestion(item.doc, { ask: options.ask, seed: options.seed });
  if (entry() === item) amend({ ...item, trace: res.trace, withheld: true });
}

export const switchOff = () => setPractice({ ...IDLE, score: practice().score });

/** Ask about the phase about to be shown: `quantity` if the learner chose one, else by the seeded rule. */
export const ask = (quantity = null) => actions.queued(async () => {
  await withholdOnScreen(); // Back may have shown an entry from before practice
  let res = null;
  const skipped = [];
  // Phases the instructor's ask= names nothing in are shown without a question.
  for (let n = 0; n < 64 && entry(); n += 1) {
    res = await api.practiceQuestion(entry().doc, { ask: options.ask, seed: options.seed, ...(quantity ? { quantity } : {}) });
    if (res.question) break;
    skipped.push(phaseTitle(res.phase));
    await advance();
    if (res.phase.kind === "update") break;
  }
  if (!res?.question) {
    setPractice({ question: null, status: "idle", feedback: { verdict: "none", message: `Nothing is asked in ${skipped.join(", ")}: shown.` } });
    return;
  }
  setPractice({ question: { ...res.question, phase: res.phase, choices: res.choices, doc: entry().doc, serial: ++asked }, status: "asking", attempts: 0,
    hintCount: 0, hints: [], feedback: skipped.length ? { verdict: "none", message: `Shown without a question: ${skipped.join(", ")}.` } : null,
    expected: null });
  focusSoon("#practice-answer");
});

async function advance() {
  const res = await api.practiceStep(entry().doc);
  record({ doc: res.state, trace: res.trace, phase: res.phase, metrics: res.metrics, unit: "phase", withheld: true }, { notice: "" });
}

function scored(kind, outcome) {
  const score = { ...practice().score };
  const row = { first: 0, later: 0, revealed: 0, ...score[kind] };
  row[outcome] += 1;
  score[kind] = row;
  return score;
}

const totals = (score) => Object.values(score).reduce((t, r) => ({ first: t.first + r.first, later: t.later + r.later,
  revealed: t.revealed + r.revealed }), { first: 0, later: 0, revealed: 0 });

function reportAnswer(question, res, attempts) {
  report("bpx:answer", { quantity: question.id, given: res.given, correct: res.correct, mistake: res.mistake?.kind ?? null,
    attempts, revealed: res.verdict === "revealed" });
  const score = practice().score;
  report("bpx:score", { score, total: totals(score) });
}

export const check = (answer) => actions.queued(async () => {
  const p = practice();
  if (p.status !== "asking") return;
  const res = await api.practiceCheck(entry().doc, { quantity: p.question.id, answer, hints: p.hintCount,
    ...(options.tol ? { tol: options.tol } : {}) });
  const attempts = p.attempts + 1;
  if (!res.correct) {
    setPractice({ attempts, feedback: res, hints: res.hints });
    reportAnswer(p.question, res, attempts);
    return;
  }
  const outcome = attempts === 1 && p.hintCount === 0 ? "first" : "later";
  setPractice({ attempts, feedback: res, expected: res.expected, status: "done", score: scored(p.question.kind, outcome) });
  reportAnswer(p.question, res, attempts);
  await advance();
  focusSoon("#practice-next");
});

export const hint = () => actions.queued(async () => {
  const p = practice();
  if (p.status !== "asking" || p.hintCount >= p.question.hints) return;
  const res = await api.practiceCheck(entry().doc, { quantity: p.question.id, hints: p.hintCount + 1 });
  setPractice({ hintCount: p.hintCount + 1, hints: res.hints });
});

export const reveal = () => actions.queued(async () => {
  const p = practice();
  if (p.status !== "asking") return;
  const res = await api.practiceCheck(entry().doc, { quantity: p.question.id, reveal: true, hints: p.hintCount });
  setPractice({ feedback: res, expected: res.expected, status: "done", score: scored(p.question.kind, "revealed") });
  reportAnswer(p.question, res, p.attempts);
  await advance();
  focusSoon("#practice-next");
});

/** The Phase button and → in practice mode: ask, or (asking) go to the answer box. */
function phaseStep() {
  const p = practice();
  if (!p.on) return undefined;
  if (p.status === "asking") { focusSoon("#practice-answer"); return Promise.resolve(); }
  return ask();
}

/** The network changed under a question (an edit, Back, Reset, Play): ask again about the same
 * quantity when its phase is still the next one, so the numbers given are the network's on
 * screen; otherwise (or while training) drop the question. */
function followNetwork(state) {
  const p = practice(state);
  const item = entry(state);
  if (!p.on || p.status !== "asking" || !item || item.doc === p.question.doc || state.busy) return;
  if (!state.playing && item.doc.phase === p.question.phase.index) { ask(p.question.id); return; }
  setPractice({ question: null, status: "idle", feedback: { verdict: "none", message: "The network changed: press → for a question about the one on screen." } });
}

/** A unit or edge clicked while asking: ask about it, if the phase computes it. */
function fromSelection(sel) {
  const p = practice();
  if (!p.on || p.status !== "asking" || !sel) return;
  const kind = p.question.phase.kind;
  const id = sel.type === "edge" ? (kind === "backward" ? `grad_w:${sel.l}-${sel.j}-${sel.i}` : `w_after:${sel.l}-${sel.j}-${sel.i}`)
    : kind === "forward" ? `${p.question.kind}:${sel.l}-${sel.j}`
      : kind === "loss" ? `dEda:${sel.l}-${sel.j}` : `delta:${sel.l}-${sel.j}`;
  if (sel.type !== "bias" && id !== p.question.id && p.question.choices.includes(id)) ask(id);
}

function focusSoon(selector) {
  requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector(selector)?.focus()));
}

// -- drawing -----------------------------------------------------------------------------------
function questionHtml(p, ctx) {
  const N = ctx.names;
  const q = p.question;
  const parsed = parseId(q.id, ctx.L);
  const phase = `phase ${q.phase.index + 1} of ${ctx.L * 2 + 2} (${phaseTitle(q.phase)})`;
  const focus = q.batch_size > 1 && ["z", "a", "E", "dEda", "delta", "grad_w"].includes(q.kind)
    ? ` For the focus example (point ${q.focus_example + 1}).` : "";
  const batchGrad = q.kind === "w_after" && q.batch_size > 1 ? " ∂E/∂w is the batch's mean gradient." : "";
  const choices = q.choices.map((id) => `<option value="${id}"${id === q.id ? " selected" : ""}>${plainName(N, parseId(id, ctx.L))}</option>`).join("");
  const givens = q.inputs.map((x) => `<li>${refLine(N, x.ref, x.value)}</li>`).join("");
  return `<p class="practice-q" id="practice-title">Before ${phase} is shown: what is <math>${symbolOf(N, parsed)}</math>,
      ${describe(N, parsed)}?${focus}${batchGrad}</p>
    ${block(formulaLines(N, ctx, parsed), "The question")}
    <p class="note">The numbers you need (shown in earlier phases):</p><ul class="givens" id="practice-givens">${givens}</ul>
    <form id="practice-form" class="practice-form" autocomplete="off">
      <label for="practice-answer">Your answer</label>
      <input id="practice-answer" inputmode="decimal" spellcheck="false" aria-describedby="practice-feedback"
        placeholder="0.0822, 8.22e-2 or 0.4 − 0.5×0.08">
      <div class="practice-buttons"><button type="submit">Check</button>
        <button type="button" id="practice-hint"></button>
        <button type="button" id="practice-reveal">Reveal</button></div>
    </form>
    <label class="field practice-choose">Or ask about <select id="practice-quantity" aria-label="Ask about another quantity of this phase">${choices}</select></label>`;
}

function feedbackHtml(p, ctx) {
  const f = p.feedback;
  if (!f) return "";
  const head = f.mistake ? `✗ It looks like you ${f.mistake.title}.` : f.verdict === "correct" ? `✓ ${f.message}`
    : f.verdict === "revealed" || f.verdict === "none" ? f.message : `✗ ${f.message}`;
  const parts = [`<strong>${head}</strong>`];
  if (f.mistake) parts.push(`<span class="mistake-step">Check this step: ${f.mistake.step}.</span>`);
  if (p.expected !== null && p.question) {
    parts.push(`<span class="expected">The answer: ${valueLine(ctx.names, parseId(p.question.id, ctx.L), p.expected)}</span>`);
  }
  return parts.join(" ");
}

function scoreHtml(score) {
  const kinds = Object.keys(KIND_TITLES).filter((k) => score[k]);
  if (!kinds.length) return `<p class="note">Your score appears here: correct at the first try, after hints or tries, revealed.</p>`;
  const t = totals(score);
  const rows = kinds.map((k) => `<tr><th scope="row">${KIND_TITLES[k]}</th><td>${score[k].first}</td><td>${score[k].later}</td><td>${score[k].revealed}</td></tr>`);
  return `<table class="practice-score" id="practice-score"><caption>Your score (kept in this tab only)</caption>
    <thead><tr><th scope="col">Kind</th><th scope="col">First try</th><th scope="col">After hints or tries</th><th scope="col">Revealed</th></tr></thead>
    <tbody>${rows.join("")}</tbody><tfoot><tr><th scope="row">All</th><td>${t.first}</td><td>${t.later}</td><td>${t.revealed}</td></tr></tfoot></table>`;
}

let shownKey = null;

function render(root, state) {
  const p = practice(state);
  const item = entry(state);
  const sw = root.querySelector("#practice-switch");
  if (sw.getAttribute("aria-checked") !== String(p.on)) {
    sw.setAttribute("aria-checked", String(p.on));
    sw.textContent = p.on ? "Practice: on" : "Practice: off";
  }
  if (root.dataset.status !== (p.on ? p.status : "off")) root.dataset.status = p.on ? p.status : "off";
  const body = root.querySelector(".practice-body");
  const ctx = item ? context(item, state.view.notation) : null;
  // Off, the body is one fixed hint: training frames must not rebuild it (layout each frame).
  const key = p.on ? [p.on, p.status, p.question?.id, p.question?.serial, state.view.notation, item?.doc.iteration].join("|") : `off|${Boolean(ctx)}`;
  if (key !== shownKey) {
    shownKey = key;
    if (!p.on || !ctx) {
      body.innerHTML = `<p class="hint">Switch practice on to compute each phase's numbers yourself before they are shown: press <kbd>→</kbd> (Phase), answer, and the explorer checks your answer and names the mistake if it knows it.</p>`;
    } else if (p.status === "asking") {
      body.innerHTML = `${questionHtml(p, ctx)}<ol class="practice-hints" id="practice-hints"></ol>`;
      bindQuestion(body);
    } else {
      const next = p.status === "done" ? `<button type="button" id="practice-next">Next question →</button>` : "";
      body.innerHTML = `<p class="hint">Press <kbd>→</kbd> (Phase) for a question about the next phase, or click a unit or edge once asked to choose it.</p>${next}`;
      body.querySelector("#practice-next")?.addEventListener("click", () => ask());
    }
    body.insertAdjacentHTML("beforeend", `<p id="practice-feedback" class="practice-feedback" role="status" aria-live="polite"></p><div id="practice-score-box"></div>`);
  }
  const hints = body.querySelector("#practice-hints");
  if (hints && ctx) setHtml(hints, p.hints.map((h) => `<li>${refLine(ctx.names, h.ref, h.value)}</li>`).join(""));
  const hintButton = body.querySelector("#practice-hint");
  if (hintButton && p.question) {
    const left = p.question.hints - p.hintCount;
    hintButton.textContent = left ? `Hint (${left} left)` : "No more hints";
    hintButton.disabled = !left;
  }
  setHtml(body.querySelector("#practice-feedback"), ctx ? feedbackHtml(p, ctx) : "");
  const feedback = body.querySelector("#practice-feedback"), verdict = p.feedback?.verdict ?? "";
  if (feedback.dataset.verdict !== verdict) feedback.dataset.verdict = verdict; // unchanged: no mutation
  setHtml(body.querySelector("#practice-score-box"), p.on || Object.keys(p.score).length ? scoreHtml(p.score) : "");
}

function bindQuestion(body) {
  body.querySelector("#practice-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = body.querySelector("#practice-answer");
    if (!input.value.trim()) { input.focus(); return; }
    check(input.value);
  });
  body.querySelector("#practice-hint").addEventListener("click", () => hint());
  body.querySelector("#practice-reveal").addEventListener("click", () => reveal());
  body.querySelector("#practice-quantity").addEventListener("change", (event) => ask(event.target.value));
}

export function mount(root, { on = false } = {}) {
  root.innerHTML = `<div class="practice-head"><h2 id="practice-heading">Practice</h2>
      <button type="button" id="practice-switch" role="switch" aria-checked="false" aria-describedby="practice-heading">Practice: off</button></div>
    <div class="practice-body" id="practice"></div>`;
  root.querySelector("#practice-switch").addEventListener("click", () => (practice().on ? switchOff() : switchOn()));
  actions.setPhaseStep(phaseStep);
  whenChanged((s) => [s.practice, s.view.notation, entry(s)], (s) => render(root, s));
  whenChanged((s) => [s.selection], (s) => fromSelection(s.selection));
  whenChanged((s) => [entry(s)?.doc, s.playing, s.busy], followNetwork);
  if (on) switchOn();
}
