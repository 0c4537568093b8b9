// Building the page. Every piece of server text goes in through text nodes (textContent), never as markup:
// nothing the hub answers can become HTML or script here.

/** An element: h('p', {class: 'note', 'data-x': 1}, 'text', child, …). Attributes are set as attributes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

/** An SVG element (for the trend lines), attributes only, no text from the server. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** A labelled field: the label names the control for screen readers and for clicking. */
let fieldCounter = 0;
export function field(labelText, control, hint) {
  const id = control.id || `f${++fieldCounter}`;
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', {class: 'field'}, h('label', {for: id}, labelText), control,
    hint ? h('small', {id: hintId, class: 'hint'}, hint) : null);
}

export function select(name, options, value) {
  const el = h('select', {name});
  for (const option of options) {
    const [v, label] = Array.isArray(option) ? option : [option, option];
    const o = h('option', {value: v}, label);
    if (v === value) o.selected = true;
    el.appendChild(o);
  }
  return el;
}

// --- The explicit states every part of every panel shows instead of ever being blank. ---

export function loading(el, what) {
  return replace(el, h('p', {class: 'state state-loading', role: 'status', 'data-state': 'loading'},
    `Loading ${what}…`));
}

export function empty(el, message) {
  return replace(el, h('p', {class: 'state state-empty', 'data-state': 'empty'}, message));
}

export function notLanded(el, what) {
  return replace(el, h('p', {class: 'state state-unavailable', 'data-state': 'unavailable'},
    `${what} is not available in this hub yet.`));
}

/**
 * A failed load, told apart: the hub cannot be reached (offline), the hub says it cannot serve this now (degraded,
 * 503), or an error answer with its code, message and request id (for the log). A retry button where it helps.
 */
export function failed(el, error, retry) {
  let state = 'error';
  let title = 'This could not be loaded.';
  if (error && error.offline) {
    state = 'offline';
    title = 'The hub cannot be reached: it may be stopped or the network is down.';
  } else if (error && error.status === 503) {
    state = 'degraded';
    title = 'The hub is degraded and cannot serve this part now.';
  }
  const detail = error && !error.offline
    ? h('p', {class: 'state-detail'}, `${error.code || 'ERROR'}: ${error.message || ''}`,
      error.requestId ? h('span', {class: 'request-id'}, ` (request id ${error.requestId})`) : null)
    : null;
  return replace(el, h('div', {class: `state state-${state}`, role: 'alert', 'data-state': state},
    h('p', {class: 'state-title'}, title), detail,
    retry ? h('button', {type: 'button', class: 'secondary', onclick: retry}, 'Try again') : null));
}

/** The outcome of a submitted change: confirmed by the server, or refused with its reason. */
export function outcome(el, ok, text, error) {
  if (ok) {
    return replace(el, h('p', {class: 'outcome outcome-ok', role: 'status', 'data-outcome': 'ok'}, text));
  }
  return replace(el, h('p', {class: 'outcome outcome-refused', role: 'alert', 'data-outcome': 'refused',
    'data-code': error && error.code ? error.code : 'ERROR'},
  `${text}: ${error && error.code ? error.code : 'ERROR'} — ${error && error.message ? error.message : ''}`));
}

/** A small definition list from [label, value] pairs; values are text or nodes. */
export function facts(pairs) {
  const dl = h('dl', {class: 'facts'});
  for (const [label, value] of pairs) {
    dl.appendChild(h('dt', {}, label));
    dl.appendChild(h('dd', {}, value === null || value === undefined || value === '' ? '—' : value));
  }
  return dl;
}

export function badge(text, kind) {
  return h('span', {class: `badge badge-${kind || 'plain'}`}, text);
}

/**
 * Runs a state-changing call from a form: the button stays disabled until the server answers (no double submit,
 * no optimistic change), and the outcome is written next to it.
 */
export async function submitOnce(buttons, work) {
  const list = Array.isArray(buttons) ? buttons : [buttons];
  if (list.some((b) => b.disabled && b.dataset.busy === 'true')) return undefined;
  for (const b of list) {
    b.dataset.busy = 'true';
    b.disabled = true;
    b.setAttribute('aria-busy', 'true');
  }
  try {
    return await work();
  } finally {
    for (const b of list) {
      b.dataset.busy = 'false';
      b.disabled = false;
      b.removeAttribute('aria-busy');
    }
  }
}
