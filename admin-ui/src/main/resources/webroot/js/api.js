// JSON calls to /api with the session's CSRF token on every state-changing request.
let csrf = null;
export function setCsrf(t) { csrf = t; }

export class ApiError extends Error {
  constructor(status, code, message) { super(message || code); this.status = status; this.code = code; }
}

export async function api(method, path, body, extraHeaders) {
  const headers = { Accept: 'application/json', ...(extraHeaders || {}) };
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let payload = body;
  if (body !== undefined && !(body instanceof Blob)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const r = await fetch('/api' + path, { method, headers, body: payload, credentials: 'same-origin' });
  let data = {};
  try { data = await r.json(); } catch (e) { /* empty body */ }
  if (r.status === 401 && path !== '/login') window.dispatchEvent(new Event('stowage-logged-out'));
  if (!r.ok) throw new ApiError(r.status, data.error, data.message);
  return data;
}

export const q = (params) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const t = s.toString();
  return t ? '?' + t : '';
};
