// Talking to the hub's JSON API. The session cookie is HttpOnly, so this code never sees it; the CSRF token lives
// in this module's memory only (never in localStorage or sessionStorage) and goes with every state-changing call.

let csrfToken = null;
let onSignedOut = () => {};
let onTrouble = () => {};

/** An answer the hub refused or failed, with its error code, message and request id; offline when unreachable. */
export class ApiError extends Error {
  constructor({status = 0, code = 'ERROR', message = '', requestId = null, offline = false, fields = null}) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.offline = offline;
    this.fields = fields;
  }
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/** Called when a call finds the hub unreachable or unavailable (503), so the page can check /readyz at once. */
export function whenInTrouble(callback) {
  onTrouble = callback;
}

async function send(method, path, {body, headers = {}} = {}) {
  const init = {method, credentials: 'same-origin', cache: 'no-store', headers: {Accept: 'application/json', ...headers}};
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) init.headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (networkFailure) {
    throw new ApiError({offline: true, message: 'the hub cannot be reached'});
  }
  let json = null;
  const text = await response.text();
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (notJson) {
      json = null;
    }
  }
  if (!response.ok) {
    const error = json && json.error ? json.error : {};
    throw new ApiError({status: response.status, code: error.code || `HTTP_${response.status}`,
      message: error.message || response.statusText, requestId: error.requestId || response.headers.get('X-Request-Id'),
      fields: error.fields || null});
  }
  return json;
}

/** A call as the signed-in staff member; a 401 means the session ended, and the page asks to sign in again. */
async function call(method, path, options) {
  try {
    return await send(method, path, options);
  } catch (error) {
    if (error.status === 401 && !path.startsWith('/api/session')) {
      csrfToken = null;
      onSignedOut('Your session has ended. Sign in again.');
    } else if (error.offline || error.status === 503) {
      onTrouble();
    }
    throw error;
  }
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body = {}) => call('POST', path, {body}),
};

/** The session this browser already has (a link opened in a new tab), or null. */
export async function resumeSession() {
  try {
    const session = await send('GET', '/api/session');
    csrfToken = session.csrfToken;
    return session;
  } catch (error) {
    if (error.status === 401 || error.status === 404) return null;
    throw error;
  }
}

/** Signs in with the admin token or a Firebase ID token; the credential is sent once and not kept. */
export async function signIn(credential) {
  const session = await send('POST', '/api/session', {headers: {Authorization: `Bearer ${credential}`}});
  csrfToken = session.csrfToken;
  return session;
}

export async function signOut() {
  try {
    await send('DELETE', '/api/session');
  } finally {
    csrfToken = null;
  }
}

/** /readyz: ready, degraded or not ready, with what is wrong; offline when the hub does not answer. */
export async function readiness() {
  try {
    const response = await fetch('/readyz', {credentials: 'same-origin', cache: 'no-store'});
    const json = await response.json();
    return {offline: false, ...json};
  } catch (networkFailure) {
    return {offline: true, status: 'offline'};
  }
}

/** A query string from the filled-in fields only. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value).trim() !== '') search.set(name, String(value).trim());
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
