// Binary training frames (app/frames.py describes the format): "BPXF", a uint32 header length,
// a JSON header in which each array is {"$array": k}, then the arrays (float64 parameters,
// float32 grids), each at a multiple of 8 bytes. Decoded into the plain nested arrays a JSON
// frame would give, so every panel (and every link built from a frame) reads them the same way.
const MAGIC = 0x46585042; // "BPXF" read as a little-endian uint32
const utf8 = new TextDecoder();
const TYPES = { f8: Float64Array, f4: Float32Array };

/** Nested arrays of `shape` from a flat typed array. Parameters (float64) become plain arrays:
 * they go into state documents, links and files. The rows of float32 grids stay typed views
 * of the message (no copy: a frame's maps are tens of thousands of values); palette.js isList
 * accepts both. */
function nest(flat, shape, typedRows) {
  if (shape.length <= 1) return Array.from(flat);
  if (shape.length === 2 && typedRows) {
    const n = shape[1];
    return Array.from({ length: shape[0] }, (_, i) => flat.subarray(i * n, (i + 1) * n));
  }
  const rowLength = shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Array(shape[0]);
  for (let i = 0; i < shape[0]; i += 1) out[i] = nest(flat.subarray(i * rowLength, (i + 1) * rowLength), shape.slice(1), typedRows);
  return out;
}

function place(value, arrays) {
  if (Array.isArray(value)) return value.map((v) => place(v, arrays));
  if (value && typeof value === "object") {
    if ("$array" in value && Object.keys(value).length === 1) return arrays[value.$array];
    const out = {};
    for (const [key, v] of Object.entries(value)) out[key] = place(v, arrays);
    return out;
  }
  return value;
}

/** An ArrayBuffer holding one binary frame → the frame object. */
export function decodeFrame(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error("not a binary training frame");
  const length = view.getUint32(4, true);
  const header = JSON.parse(utf8.decode(new Uint8Array(buffer, 8, length)));
  const base = 8 + length;
  const arrays = header.arrays.map(({ dtype, shape, offset }) => {
    const Type = TYPES[dtype];
    const count = shape.reduce((a, b) => a * b, 1);
    return nest(new Type(buffer, base + offset, count), shape, dtype === "f4");
  });
  delete header.arrays;
  return place(header, arrays);
}

/** Any message of WS /api/train: binary frames decoded, text parsed. */
export function readMessage(data) {
  return data instanceof ArrayBuffer ? decodeFrame(data) : JSON.parse(data);
}
