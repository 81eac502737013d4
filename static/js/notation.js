// One set of quantities, three ways to name them (see /work/shared/NOTATION.md):
//   nielsen — seed 001's derivation: z, a, δ, w_jk (input i, hidden j, output k)
//   ng      — seed 002's matrix form: Θ(l), a(l), z(l), d(l) with the input as layer 1
//   mazur   — seed 004's worked example: net, out, w1…w8, E_total
// Engine indices: layer l = 0 (input) … L (output), units j from 0. Every name is MathML.
import { mi, mn, mo, row, sub, subsup, sup } from "./mathml.js";

export const NOTATIONS = {
  mazur: "net / out (seed 004)",
  nielsen: "z, a, δ (seed 001)",
  ng: "Θ, a(l), d(l) (seed 002)",
};

const upright = (s) => `<mi mathvariant="normal">${s}</mi>`;

/** The naming scheme for a network with layer sizes [n_0, …, n_L]; `biases` (per layer) lets
 * seed 004's notation name a bias shared by a whole layer b1, b2 as the example does. */
export function namer(scheme, sizes, biases = []) {
  const L = sizes.length - 1;
  if (scheme === "ng") return ngNames(L);
  if (scheme === "nielsen") return nielsenNames(L);
  const shared = biases.map((b) => b.every((v) => v === b[0]));
  return mazurNames(sizes, shared);
}

function nielsenNames(L) {
  // With one hidden layer the seed's letters i, j, k name the layers; deeper nets add (l).
  const letters = L === 2 ? ["i", "j", "k"] : null;
  const idx = (l, j) => (letters ? `${letters[l]}${j + 1}` : `${j + 1}`);
  const withLayer = (symbol, l, j) => (letters ? sub(mi(symbol), mi(idx(l, j))) : subsup(mi(symbol), mi(idx(l, j)), mn(`(${l})`)));
  return {
    scheme: "nielsen",
    unit: (l, j) => (letters ? `${letters[l]}${j + 1}` : `unit ${j + 1} of layer ${l}`),
    z: (l, j) => withLayer("z", l, j),
    a: (l, j) => (l === 0 && letters ? sub(mi("x"), mi(`${j + 1}`)) : withLayer("a", l, j)),
    delta: (l, j) => withLayer("δ", l, j),
    w: (l, j, i) => (letters ? sub(mi("w"), mi(`${idx(l - 1, i)}${idx(l, j)}`)) : subsup(mi("w"), mi(`${i + 1}${j + 1}`), mn(`(${l})`))),
    b: (l, j) => withLayer("b", l, j),
    t: (j) => sub(mi("t"), mi(letters ? `k${j + 1}` : `${j + 1}`)),
    E: () => mi("E"),
    eta: () => mi("η"),
    g: (l) => sub(mi("g"), mi(letters ? letters[l] : `${l}`)),
  };
}

function ngNames(L) {
  // Seed 002 counts the input as layer 1, so engine layer l is its layer l + 1, and the
  // matrix Θ(l) maps its layer l to l + 1: engine W[l] = Θ(l).
  const layer = (l) => mn(`(${l + 1})`);
  return {
    scheme: "ng",
    unit: (l, j) => `unit ${j + 1} of layer ${l + 1}`,
    z: (l, j) => subsup(mi("z"), mn(`${j + 1}`), layer(l)),
    a: (l, j) => subsup(mi("a"), mn(`${j + 1}`), layer(l)),
    delta: (l, j) => subsup(mi("d"), mn(`${j + 1}`), layer(l)),
    w: (l, j, i) => subsup(upright("Θ"), mn(`${j + 1}${i + 1}`), mn(`(${l})`)),
    b: (l, j) => subsup(upright("Θ"), mn(`${j + 1}0`), mn(`(${l})`)),
    t: (j) => sub(mi("y"), mn(`${j + 1}`)),
    E: () => mi("J"),
    eta: () => mi("α"),
    g: () => mi("g"),
  };
}

function mazurNames(sizes, shared) {
  const L = sizes.length - 1;
  const label = (l, j) => {
    if (l === 0) return `i${j + 1}`;
    if (l === L) return `o${j + 1}`;
    return L === 2 ? `h${j + 1}` : `h${l},${j + 1}`;
  };
  // Weights are numbered w1, w2, … layer by layer, row by row: W[1][0,0] = w1, W[1][0,1] = w2.
  const offsets = [0];
  for (let l = 1; l <= L; l += 1) offsets.push(offsets[l - 1] + sizes[l] * sizes[l - 1]);
  return {
    scheme: "mazur",
    unit: label,
    z: (l, j) => sub(mi("net"), mi(label(l, j))),
    a: (l, j) => (l === 0 ? mi(label(l, j)) : sub(mi("out"), mi(label(l, j)))),
    delta: (l, j) => sub(mi("δ"), mi(label(l, j))),
    w: (l, j, i) => sub(mi("w"), mn(`${offsets[l - 1] + j * sizes[l - 1] + i + 1}`)),
    // The example shares one bias per layer (b1, b2); a bias per unit gets the unit's label.
    b: (l, j) => (sizes[l] === 1 || shared[l - 1] ? sub(mi("b"), mn(`${l}`)) : sub(mi("b"), mi(`${l},${j + 1}`))),
    t: (j) => sub(mi("target"), mi(label(L, j))),
    E: () => sub(mi("E"), mi("total")),
    eta: () => mi("η"),
    g: () => mi("σ"),
  };
}

/** The updated value of a symbol: w⁺ (seed 004 writes w5⁺). */
export const updated = (symbol) => sup(symbol, mo("+"));

const TOKEN = "<m[ion][^>]*>([^<]*)</m[ion]>";
const SUBSUP = new RegExp(`<msubsup>${TOKEN}${TOKEN}${TOKEN}</msubsup>`, "g");

/** Plain text of a MathML fragment, for aria labels and titles (Θ11(2): base, indices, layer). */
export const plain = (markup) => markup
  .replace(SUBSUP, "$1$2$3")
  .replace(/<m[in][^>]*>([^<]*)<\/m[in]>(?=<m[in])/g, (_, base) => (base.length > 1 ? `${base}_` : base))
  .replace(/<[^>]+>/g, "");

/** A name's parts for plain rendering (SVG text, HTML): [base, subscript?, superscript?]. */
export function symbolParts(markup) {
  const tokens = [...markup.matchAll(/<m[ion][^>]*>([^<]*)<\/m[ion]>/g)].map((m) => m[1]);
  if (markup.startsWith("<msubsup>") && tokens.length === 3) return tokens;
  if (markup.startsWith("<msub>") && tokens.length === 2) return tokens;
  if (markup.startsWith("<msup>") && tokens.length === 2) return [tokens[0], "", tokens[1]];
  return [tokens.join("") || plain(markup)];
}
