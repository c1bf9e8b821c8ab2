// api.js — the one fetch wrapper every page uses to talk to /api/v1: JSON in and out (and
// files such as PDFs through getFile), cookies sent (same origin), and every failure turned
// into an ApiError that carries the contract's {code, message, field} plus the HTTP status
// (0 when the network failed).
import { LANG } from './i18n.js';

export const API = '/api/v1';

export class ApiError extends Error {
  constructor({ status = 0, code = 'network', message = '', field = null, retryAfter = null, body = null } = {}) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;       // HTTP status; 0 = no answer (offline, DNS, aborted)
    this.code = code;           // the contract's error code, or "network"
    this.field = field;         // the input field at fault, when the server names one
    this.retryAfter = retryAfter; // seconds, from Retry-After on 429
    this.body = body;           // the whole parsed error body (e.g. schedule conflicts)
  }
}

async function parse(res) {
  const text = await res.text();
  if (!text) return null;
  try { return JSON.parse(text); } catch { return null; }
}

/**
 * fetch() with the page's cookies and the given headers, asking for messages in the page's language
 * (Accept-Language); a failure to get any answer → ApiError "network".
 */
async function send(method, path, init) {
  try {
    const headers = { 'accept-language': LANG, ...(init && init.headers) };
    return await fetch(API + path, { method, credentials: 'same-origin', ...init, headers });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network', message: String(cause && cause.message || cause) });
  }
}

/** The ApiError of a non-2xx answer whose body (parsed, or null) is `data`. */
function failure(res, data) {
  const err = (data && data.error) || {};
  const retry = Number.parseInt(res.headers.get('retry-after') || '', 10);
  return new ApiError({
    status: res.status,
    code: err.code || `http_${res.status}`,
    message: err.message || res.statusText,
    field: err.field || null,
    retryAfter: Number.isFinite(retry) ? retry : null,
    body: data,
  });
}

/**
 * request('GET', '/editions') → {status, body}. Throws ApiError on network failure or any
 * non-2xx answer. `path` is relative to /api/v1. options.headers adds request headers
 * (e.g. X-Manage-Token for an attendee's own registration).
 */
export async function request(method, path, body, { headers = {} } = {}) {
  const init = { headers: { ...headers, accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await send(method, path, init);
  const data = await parse(res);
  if (res.ok) return { status: res.status, body: data };
  throw failure(res, data);
}

/** A random Idempotency-Key (crypto.getRandomValues works on plain HTTP too, randomUUID does not). */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * postOnce('/editions/x/registrations', body, {key, attempts, onRetry}) → {status, body}: a POST
 * that must take effect once. It carries an Idempotency-Key; after a 503 (the server could not
 * write) or a lost answer it is sent again with the same key, after Retry-After (at most 10 s),
 * up to `attempts` times, so the server answers the first result instead of writing twice.
 * onRetry(err, attempt) lets the page say it is trying again.
 */
export async function postOnce(path, body, { key = newIdempotencyKey(), attempts = 4, onRetry = () => {}, headers = {} } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request('POST', path, body, { headers: { ...headers, 'idempotency-key': key } });
    } catch (err) {
      if ((err.status !== 503 && err.status !== 0) || attempt >= attempts) throw err;
      onRetry(err, attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(err.retryAfter ?? 2, 10) * 1000));
    }
  }
}

/**
 * postText('/editions/x/registrations/import', csvText, 'text/csv') → {status, body}: a POST whose
 * body is text of another type than JSON (a CSV file), answered in JSON; ApiError as request().
 */
export async function postText(path, text, type) {
  const res = await send('POST', path, { headers: { accept: 'application/json', 'content-type': type }, body: text });
  const data = await parse(res);
  if (res.ok) return { status: res.status, body: data };
  throw failure(res, data);
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body, options);
export const patch = (path, body, options) => request('PATCH', path, body, options);
export const del = (path, options) => request('DELETE', path, undefined, options);
export const put = (path, body, options) => request('PUT', path, body, options);

/**
 * getFile('/registrations/K7PM3Q/certificate.pdf', {headers}) → {blob, filename, type}: a file
 * the API answers (a PDF, a CSV), with the same cookies, extra headers and ApiError as request(),
 * for pages that must send a header a plain link cannot (X-Manage-Token) or show the API's
 * message instead of an error page. `filename` comes from Content-Disposition ("" if none);
 * `headers` are the answer's headers (e.g. X-Badge-Count of a badges PDF).
 */
export async function getFile(path, { headers = {} } = {}) {
  const res = await send('GET', path, { headers });
  if (!res.ok) throw failure(res, await parse(res));
  const m = /filename="([^"]*)"/.exec(res.headers.get('content-disposition') || '');
  const blob = await res.blob();
  return { blob, filename: m ? m[1] : '', type: blob.type, headers: res.headers };
}

/** Builds "/editions/{slug}" style paths with each segment encoded. */
export const path = (...segments) => '/' + segments.map((s) => encodeURIComponent(s)).join('/');

/** Appends the non-empty params as a query string: withQuery('/x', {q: 'a b', s: ''}) → "/x?q=a+b". */
export function withQuery(base, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${base}?${s}` : base;
}
