// The cockpit's shell: sign-in, the hub's health banner, and the panel router (#/panel/…). A link such as
// #/proposals/<id> only opens a page; every decision is a deliberate POST from a form on that page.
import {api, readiness, resumeSession, signIn, signOut, whenInTrouble, whenSignedOut} from './api.js';
import {h, replace} from './dom.js';
import * as statePanel from './panel-state.js';
import * as proposalsPanel from './panel-proposals.js';
import * as policyPanel from './panel-policy.js';
import * as connectorsPanel from './panel-connectors.js';
import * as auditPanel from './panel-audit.js';
import * as intakePanel from './panel-intake.js';
import * as draftsPanel from './panel-drafts.js';
import * as scorecardPanel from './panel-scorecard.js';

const PANELS = {
  state: statePanel, proposals: proposalsPanel, policy: policyPanel, connectors: connectorsPanel,
  audit: auditPanel, intake: intakePanel, drafts: draftsPanel, scorecard: scorecardPanel,
};
const READINESS_EVERY_MS = 15000;

const $ = (id) => document.getElementById(id);
let session = null;
let renderCount = 0;
let readinessTimer = null;
let lastReadiness = null;

function route() {
  const parts = (location.hash || '#/state').replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const name = PANELS[parts[0]] ? parts[0] : 'state';
  return {name, params: parts.slice(1)};
}

async function render() {
  if (!session) return;
  const {name, params} = route();
  const mine = ++renderCount;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.panel === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const panel = $('panel');
  panel.dataset.panel = name;
  // For assistive technology (and the browser tests): which drawing this is, and whether it is still loading.
  panel.dataset.render = String(mine);
  panel.setAttribute('aria-busy', 'true');
  replace(panel);
  const ctx = {
    api,
    session,
    tenantId: session.tenantId,
    alive: () => mine === renderCount,
    navigate: (hash) => {
      if (location.hash === hash) render();
      else location.hash = hash;
    },
    readiness: () => lastReadiness,
  };
  try {
    await PANELS[name].render(panel, ctx, params);
    if (ctx.alive()) panel.removeAttribute('aria-busy');
  } catch (unexpected) {
    if (ctx.alive()) panel.removeAttribute('aria-busy');
    if (ctx.alive()) {
      replace(panel, h('p', {class: 'state state-error', role: 'alert', 'data-state': 'error'},
        'This panel failed to draw. Reload the page; if it happens again, the browser console says why.'));
    }
    throw unexpected;
  }
}

function showSignIn(message) {
  session = null;
  $('booting').hidden = true;
  $('panel').hidden = true;
  $('nav').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-message').textContent = message || '';
  $('credential').focus();
}

function showCockpit(opened) {
  session = opened;
  $('booting').hidden = true;
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('panel').hidden = false;
  $('tenant').textContent = opened.tenantId;
  $('actor').textContent = `${opened.actor.id} (${opened.actor.type})`;
  render();
}

async function checkReadiness() {
  const report = await readiness();
  lastReadiness = report;
  const banner = $('hub-status');
  if (report.offline) {
    replace(banner, h('p', {class: 'banner banner-offline', 'data-hub': 'offline'},
      'Hub offline: the hub does not answer. What you see may be out of date; nothing can be decided until it is back.'));
  } else if (report.status === 'not_ready' || report.status === 'degraded') {
    const problems = [];
    for (const [name, check] of Object.entries(report.checks || {})) {
      if (check && (check.status === 'down' || check.status === 'behind' || check.status === 'failing')) {
        problems.push(`${name}: ${check.status}`);
      }
    }
    for (const item of report.degraded || []) problems.push(`${item.component}: ${item.reason}`);
    replace(banner, h('div', {class: `banner banner-${report.status === 'not_ready' ? 'offline' : 'degraded'}`,
      'data-hub': report.status},
    h('p', {}, report.status === 'not_ready'
      ? 'Hub not ready: parts of the cockpit cannot load until this is fixed.'
      : 'Hub degraded: some parts are off, the rest works.'),
    problems.length ? h('ul', {}, problems.map((p) => h('li', {}, p))) : null));
  } else {
    replace(banner, report.checks && report.checks.killSwitch && report.checks.killSwitch.on === true
      ? h('p', {class: 'banner banner-kill', 'data-hub': 'kill-switch'},
        'Kill switch is ON: every write proposal is denied and nothing executes.')
      : h('span', {class: 'visually-hidden', 'data-hub': 'ready'}, 'Hub ready'));
  }
}

function startReadiness() {
  checkReadiness();
  if (readinessTimer === null) readinessTimer = setInterval(checkReadiness, READINESS_EVERY_MS);
}

async function boot() {
  whenSignedOut((message) => showSignIn(message));
  whenInTrouble(() => checkReadiness());
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('credential');
    const button = $('sign-in-button');
    const credential = input.value.trim();
    if (!credential) {
      $('sign-in-message').textContent = 'Enter the token.';
      return;
    }
    button.disabled = true;
    try {
      const opened = await signIn(credential);
      input.value = '';
      showCockpit(opened);
    } catch (error) {
      input.value = '';
      $('sign-in-message').textContent = error.offline ? 'The hub cannot be reached.'
        : error.status === 429 ? 'Too many failed sign-ins from this machine; wait a minute and try again.'
          : error.status === 401 ? 'That token was not accepted.'
            : `Sign-in failed: ${error.code} — ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
  $('sign-out').addEventListener('click', async () => {
    try {
      await signOut();
    } catch (ignored) {
      // Signed out on this page either way; an ended session is gone on the hub too.
    }
    showSignIn('Signed out.');
  });
  window.addEventListener('hashchange', render);
  startReadiness();
  try {
    const existing = await resumeSession();
    if (existing) showCockpit(existing);
    else showSignIn('');
  } catch (error) {
    showSignIn(error.offline ? 'The hub cannot be reached.' : `The hub answered ${error.code}.`);
  }
}

boot();
