// The JSON API: the only module that talks to the server.
async function request(path, options = {}) {
  const response = await fetch(path, {
    headers: { "Content-Type": "application/json" }, ...options,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

export const listPresets = () => request("/api/presets");
export const getPreset = (id) => request(`/api/presets/${encodeURIComponent(id)}`);
export const step = (state, unit = "iteration", iterations = 1) =>
  request("/api/step", { method: "POST", body: JSON.stringify({ state, unit, iterations }) });
