// The JSON API: the only module that talks to the server over HTTP.

// 429/503 with Retry-After are the server's admission control saying "later" (app/compute.py).
// Every call here is a pure function of the state it sends, so asking again is safe: a few
// times, waiting as told (at most MAX_WAIT_S), before the refusal reaches the page as an error.
const REFUSED_FOR_NOW = new Set([429, 503]);
const MAX_RETRIES = 3;
const MAX_WAIT_S = 10;

/** Seconds the answer asks to wait before asking again, or null if it is not a "later". */
export function retryDelaySeconds(status, retryAfter) {
  const seconds = Number(retryAfter);
  if (!REFUSED_FOR_NOW.has(status) || retryAfter === null || !Number.isFinite(seconds) || seconds < 0) return null;
  return Math.min(seconds, MAX_WAIT_S);
}

let retryListener = () => {};
/** listener(seconds) while a refused request waits to be asked again, listener(null) once it
 * has been answered: the page says why nothing happens yet (busy-flag.js). */
export function onRetry(listener) { retryListener = listener; }

async function request(path, options = {}, attempt = 0) {
  const response = await fetch(path, {
    headers: { "Content-Type": "application/json" }, ...options,
  });
  const wait = retryDelaySeconds(response.status, response.headers.get("Retry-After"));
  if (wait !== null && attempt < MAX_RETRIES) {
    retryListener(wait);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    return request(path, options, attempt + 1);
  }
  if (attempt > 0) retryListener(null);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(detailText(body.detail) || `${response.status} ${response.statusText}`);
  return body;
}

// FastAPI's 422 detail may be a list of {loc, msg}; say which field and why.
function detailText(detail) {
  if (!Array.isArray(detail)) return detail;
  return detail.map((d) => `${(d.loc || []).filter((p) => p !== "body").join(".")}: ${d.msg}`).join("; ");
}

const post = (path, body) => request(path, { method: "POST", body: JSON.stringify(body) });

export const listPresets = () => request("/api/presets");
export const getPreset = (id) => request(`/api/presets/${encodeURIComponent(id)}`);
export const step = (state, unit = "iteration", iterations = 1) => post("/api/step", { state, unit, iterations });
export const listDatasets = () => request("/api/datasets");
export const createNetwork = (config, dataset, params = undefined) => post("/api/networks", { config, dataset, ...(params ? { params } : {}) });
export const checkState = (state) => post("/api/networks/check", { state });
export const changeSettings = (state, changes) => post("/api/networks/settings", { state, changes });
export const gradcheck = (state) => post("/api/gradcheck", { state });
export const grid = (state, size = 40, hiddenSize = 0) => post("/api/grid", { state, size, hidden_size: hiddenSize });
export const points = (state) => post("/api/points", { state });
// Practice mode (app/routes/practice.py): questions, checks and phase steps that withhold numbers.
export const practiceQuestion = (state, options = {}) => post("/api/practice/question", { state, ...options });
export const practiceCheck = (state, body) => post("/api/practice/check", { state, ...body });
export const practiceStep = (state) => post("/api/practice/step", { state });
