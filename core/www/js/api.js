// The one way the UI talks to crmd: JSON in and out, the CSRF header on writes, and a session
// that ended (401) handed to the login dialog, after which the request is sent once more, so
// nothing the person was doing is lost.

export class ApiError extends Error {
  constructor(status, body, path) {
    const err = (body && body.error) || {};
    super(err.message || "HTTP " + status);
    this.status = status;
    this.code = err.code || "";
    this.fields = err.fields || {};
    this.path = path;
  }
}

let csrfToken = "";
let unauthorized = null;

export function setCsrfToken(token) {
  csrfToken = token || "";
}

// FN() is awaited when a request meets 401; it resolves once the person has logged in again
// (and rejects if they gave up).
export function onUnauthorized(fn) {
  unauthorized = fn;
}

export async function request(method, path, options = {}) {
  const headers = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrfToken;
  Object.assign(headers, options.headers || {});
  let r;
  try {
    r = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, { error: { code: "network", message: err.message } }, path);
  }
  if (r.status === 401 && unauthorized && !options.noRetry && !path.startsWith("/api/v1/auth/")) {
    await unauthorized();
    return request(method, path, { ...options, noRetry: true });
  }
  const type = r.headers.get("Content-Type") || "";
  const data = r.status === 204 ? null : type.includes("json") ? await r.json() : await r.text();
  if (!r.ok) throw new ApiError(r.status, typeof data === "object" ? data : null, path);
  return data;
}

export const get = (path, options) => request("GET", path, options);
export const post = (path, body, options) => request("POST", path, { ...options, body });
export const patch = (path, body, options) => request("PATCH", path, { ...options, body });
export const del = (path, options) => request("DELETE", path, options);

// "/api/v1/x?" + the parameters that have a value.
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? path + "?" + s : path;
}
