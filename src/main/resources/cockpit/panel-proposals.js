// Proposals: the queue with its filters, and one proposal's page with everything needed to decide it. A decision
// is a POST that waits for the hub's answer; the page then shows what the hub says, never a guess.
import {h, replace, loading, empty, failed, facts, badge, outcome, submitOnce, field, select} from './dom.js';
import {when, short, hash, since} from './format.js';
import {query} from './api.js';

const STATUSES = ['pending_approval', 'approved', 'rejected', 'expired', 'executing', 'executed', 'failed',
  'rolled_back'];
const RISKS = ['low', 'medium', 'high', 'critical'];
const AGES = [['', 'any age'], ['newerThan=PT1H', 'created in the last hour'],
  ['newerThan=P1D', 'created in the last day'], ['olderThan=P1D', 'older than a day'],
  ['olderThan=P7D', 'older than a week']];

// Escape on a proposal's page goes back to the queue; one handler at a time.
let escapeHandler = null;
// Kept while the page is open, so coming back from a proposal shows the same queue.
const filters = {status: 'pending_approval', risk: '', capability: '', owner: '', target: '', tenant: '', age: ''};

export async function render(root, ctx, params) {
  if (params[0]) return detail(root, ctx, params[0]);
  return queue(root, ctx);
}

async function capabilities(ctx) {
  try {
    const registry = await ctx.api.get('/api/capabilities');
    return registry.capabilities || [];
  } catch (error) {
    return null;
  }
}

async function queue(root, ctx) {
  if (!filters.tenant) filters.tenant = ctx.tenantId;
  const list = h('div', {class: 'list', id: 'proposal-list'});
  const form = h('form', {class: 'filters', id: 'proposal-filters', 'aria-label': 'Filter the queue'});
  replace(root, h('h2', {}, 'Proposals'), form, list);
  const registry = await capabilities(ctx);
  if (!ctx.alive()) return;

  const status = select('status', [['', 'any status'], ...STATUSES], filters.status);
  const risk = select('risk', [['', 'any risk'], ...RISKS], filters.risk);
  const capability = select('capability', [['', 'any capability'],
    ...(registry || []).map((c) => [c.id, c.id])], filters.capability);
  const owner = h('input', {name: 'owner', type: 'text', value: filters.owner, placeholder: 'owner uid'});
  const target = h('input', {name: 'target', type: 'text', value: filters.target, placeholder: 'target'});
  const tenant = h('input', {name: 'tenant', type: 'text', value: filters.tenant});
  const ageSelect = select('age', AGES, filters.age);
  const apply = h('button', {type: 'submit'}, 'Apply filters');
  replace(form, field('Status', status), field('Risk tier', risk), field('Capability', capability),
    field('Owner', owner), field('Target system', target), field('Tenant', tenant), field('Age', ageSelect), apply);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    Object.assign(filters, {status: status.value, risk: risk.value, capability: capability.value,
      owner: owner.value, target: target.value, tenant: tenant.value, age: ageSelect.value});
    load();
  });

  async function load(before) {
    if (!before) loading(list, 'the queue');
    const params = {status: filters.status, risk: filters.risk, capability: filters.capability,
      owner: filters.owner, target: filters.target, tenant: filters.tenant, limit: 50, before};
    if (filters.age) {
      const [name, value] = filters.age.split('=');
      params[name] = value;
    }
    let page;
    try {
      page = await ctx.api.get('/api/proposals' + query(params));
    } catch (error) {
      if (ctx.alive()) failed(list, error, () => load());
      return;
    }
    if (!ctx.alive()) return;
    const proposals = page.proposals || [];
    if (!before && proposals.length === 0) {
      empty(list, 'No proposals match these filters. The queue is clear.');
      return;
    }
    let tbody = list.querySelector('tbody');
    if (!before || !tbody) {
      tbody = h('tbody', {});
      replace(list, h('table', {class: 'table queue', 'data-testid': 'queue'},
        h('caption', {}, 'Proposals, newest first. Arrow keys move between rows; Enter opens one.'),
        h('thead', {}, h('tr', {}, ['Created', 'Capability', 'Risk', 'Status', 'Target', 'Owner', 'Tenant',
          'Rationale'].map((t) => h('th', {scope: 'col'}, t)))), tbody));
      tbody.addEventListener('keydown', moveFocus);
    }
    for (const p of proposals) tbody.appendChild(row(p));
    const more = list.querySelector('.more');
    if (more) more.remove();
    if (page.nextBefore) {
      list.appendChild(h('button', {type: 'button', class: 'secondary more', onclick: () => load(page.nextBefore)},
        'Show older proposals'));
    }
  }
  await load();
}

function row(p) {
  return h('tr', {'data-proposal': p.id, 'data-status': p.status},
    h('td', {}, h('a', {href: `#/proposals/${encodeURIComponent(p.id)}`, class: 'row-link'}, when(p.createdAt)),
      h('small', {class: 'age'}, ` ${since(p.createdAt)} ago`)),
    h('td', {}, p.capabilityId),
    h('td', {}, badge(p.risk || 'unknown', `risk-${p.risk || 'unknown'}`)),
    h('td', {}, badge(p.status, `status-${p.status}`)),
    h('td', {}, p.target),
    h('td', {}, p.ownerUid || '—'),
    h('td', {}, p.tenantId),
    h('td', {}, short(p.rationale, 90)));
}

/** Arrow keys, Home and End move between the queue's rows; Enter follows the focused row's link. */
function moveFocus(event) {
  const links = [...event.currentTarget.querySelectorAll('a.row-link')];
  const index = links.indexOf(document.activeElement);
  let next = null;
  if (event.key === 'ArrowDown' || event.key === 'j') next = links[Math.min(index + 1, links.length - 1)];
  else if (event.key === 'ArrowUp' || event.key === 'k') next = links[Math.max(index - 1, 0)];
  else if (event.key === 'Home') next = links[0];
  else if (event.key === 'End') next = links[links.length - 1];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

async function detail(root, ctx, id, message) {
  const body = h('div', {class: 'panel-body'});
  replace(root, h('p', {}, h('a', {href: '#/proposals', id: 'back-to-queue'}, '← Back to the queue')),
    h('h2', {}, 'Proposal'), body);
  loading(body, 'the proposal');
  let answer;
  let registry;
  let killSwitch;
  try {
    [answer, registry, killSwitch] = await Promise.all([
      ctx.api.get(`/api/proposals/${encodeURIComponent(id)}`),
      capabilities(ctx),
      ctx.api.get('/api/policy/kill-switch').catch(() => null),
    ]);
  } catch (error) {
    if (ctx.alive()) failed(body, error, () => detail(root, ctx, id));
    return;
  }
  if (!ctx.alive()) return;
  const p = answer.proposal;
  let intakeItem = null;
  if (p.workItemId) {
    try {
      const review = await ctx.api.get('/api/intake/review-queue?limit=500');
      intakeItem = (review.items || []).find((item) => item.workItemId === p.workItemId) || null;
    } catch (notAvailable) {
      intakeItem = null;
    }
  }
  if (!ctx.alive()) return;
  const capability = (registry || []).find((c) => c.id === p.capabilityId) || null;
  if (escapeHandler) document.removeEventListener('keydown', escapeHandler);
  escapeHandler = (event) => {
    if (!location.hash.startsWith('#/proposals/')) {
      document.removeEventListener('keydown', escapeHandler);
      escapeHandler = null;
    } else if (event.key === 'Escape' && !['TEXTAREA', 'INPUT', 'SELECT'].includes(document.activeElement.tagName)) {
      ctx.navigate('#/proposals');
    }
  };
  document.addEventListener('keydown', escapeHandler);

  replace(body,
    h('p', {class: 'labels'}, badge(p.status, `status-${p.status}`), ' ', badge(`risk ${p.risk}`, `risk-${p.risk}`),
      ' ', h('strong', {}, p.capabilityId)),
    banners(p, capability, killSwitch, intakeItem),
    facts([
      ['Proposal id', h('code', {'data-testid': 'proposal-id'}, p.id)],
      ['Tenant', p.tenantId],
      ['Capability', capability ? `${p.capabilityId} — ${capability.title}` : p.capabilityId],
      ['Requested by', `${p.requestedBy.type} ${p.requestedBy.id}${p.requestedBy.ownerUid
        ? ` for ${p.requestedBy.ownerUid}` : ''}`],
      ['Resource owner', p.ownerUid],
      ['Target', p.target],
      ['Created', when(p.createdAt)],
      ['Expires', when(p.expiresAt)],
      ['Work item', p.workItemId],
      ['Input hash', h('code', {}, hash(p.inputHash))],
    ]),
    h('h3', {}, 'Rationale'),
    h('p', {class: 'prose', 'data-testid': 'rationale'}, p.rationale || 'No rationale was given.'),
    h('h3', {}, 'Predicted effects'),
    effects(p, capability),
    h('h3', {}, 'Dry-run preview'),
    dryRunSection(root, ctx, p, answer.dryRun, capability),
    h('h3', {id: 'decide-title'}, 'Decision'),
    decision(root, ctx, p, message),
    h('h3', {}, 'History'),
    transitions(answer.transitions || []),
    h('h3', {}, 'Linked ledger chain'),
    ledger((answer.ledger && answer.ledger.events) || []));
}

/**
 * The proposal's own preview, the latest dry run the hub recorded (what the connector read and what would change),
 * and — for a capability with a dry run, before it runs — a button that asks the hub for a fresh one.
 */
function dryRunSection(root, ctx, p, dryRun, capability) {
  const parts = [];
  if (p.preview) parts.push(h('pre', {class: 'preview', 'data-testid': 'preview'}, p.preview));
  if (dryRun) {
    parts.push(h('p', {}, `Dry run by ${dryRun.requestedBy} at ${when(dryRun.at)}:`),
      h('pre', {class: 'preview', 'data-testid': 'dry-run'}, JSON.stringify(dryRun.preview, null, 2)));
  }
  const open = p.status === 'pending_approval' || p.status === 'approved';
  // Only actions that reach outside the hub have dry-run routes; drafts stay in the hub's own queue.
  const reachesOut = capability && capability.mode === 'write' && capability.target !== 'local';
  if (reachesOut && capability.dryRun && open) {
    const result = h('div', {class: 'outcome-slot'});
    const button = h('button', {type: 'button', 'data-testid': 'dry-run-button'},
      dryRun ? 'Run the dry run again' : 'Run a dry run');
    button.addEventListener('click', () => submitOnce([button], async () => {
      try {
        await ctx.api.post(`/api/proposals/${encodeURIComponent(p.id)}/dry-run`, {});
        if (ctx.alive()) await detail(root, ctx, p.id, 'Dry run recorded.');
      } catch (error) {
        outcome(result, false, 'No dry run', error);
      }
    }));
    parts.push(h('div', {class: 'buttons'}, button), result);
  }
  if (parts.length === 0) {
    parts.push(h('p', {class: 'state state-empty', 'data-state': 'empty'},
      reachesOut && capability.dryRun ? 'No dry run yet.'
        : 'No dry run: this proposal changes nothing outside the hub until it is acted on.'));
  }
  return h('div', {}, parts);
}

function banners(p, capability, killSwitch, intakeItem) {
  const list = [];
  if (intakeItem && intakeItem.status !== 'decided' && !intakeItem.decidedAt) {
    list.push(h('p', {class: 'banner banner-risk', role: 'alert', 'data-testid': 'intake-banner'},
      `Intake risk: work item ${p.workItemId} was classified "${intakeItem.category}" `
        + `(${Math.round((intakeItem.confidence || 0) * 100)}% — ${(intakeItem.matchedRules || []).join(', ') || 'no rule named'}). `
        + 'It is held for review in the Intake panel; nothing for it executes until staff decide.'));
  } else if (intakeItem && intakeItem.decisionReason) {
    list.push(h('p', {class: 'banner banner-info', 'data-testid': 'intake-banner'},
      `Intake: work item ${p.workItemId} was reviewed (${intakeItem.decisionReason}).`));
  }
  if (killSwitch && killSwitch.on) {
    list.push(h('p', {class: 'banner banner-kill', 'data-testid': 'blocked-banner'},
      `Blocked: the kill switch is on (${killSwitch.rationale || 'no rationale'}); nothing executes.`));
  }
  if (!capability) {
    list.push(h('p', {class: 'banner banner-degraded', 'data-testid': 'blocked-banner'},
      `Blocked: ${p.capabilityId} is not in the capability registry in force.`));
  } else if (capability.enabled === false) {
    list.push(h('p', {class: 'banner banner-degraded', 'data-testid': 'blocked-banner'},
      `Blocked: ${p.capabilityId} is disabled in the capability registry, so an approval cannot execute until `
        + 'a reviewed change enables it.'));
  }
  return list;
}

function effects(p, capability) {
  const items = [];
  if (capability) {
    const where = capability.target === 'local' ? 'Stays inside the hub'
      : capability.mode === 'write' ? `Would write to ${capability.target}` : `Reads from ${capability.target}`;
    items.push(h('li', {}, `${where}: ${capability.title}.`));
    if (capability.rollback) items.push(h('li', {}, `Undo: ${capability.rollback}`));
  }
  items.push(h('li', {}, `On ${p.target}${p.ownerUid ? `, for ${p.ownerUid}` : ''}.`));
  return h('div', {}, h('ul', {}, items),
    p.input ? h('pre', {class: 'input', 'aria-label': 'The proposed input'}, JSON.stringify(p.input, null, 2)) : null);
}

function decision(root, ctx, p, message) {
  const result = h('div', {class: 'outcome-slot', id: 'decision-outcome'});
  if (message) outcome(result, true, message);
  const rationale = h('textarea', {id: 'decision-rationale', name: 'rationale', rows: 3, required: true,
    'aria-required': 'true'});
  const form = h('form', {class: 'decision', 'aria-labelledby': 'decide-title', id: 'decision-form'});
  const verbs = p.status === 'pending_approval' ? [['approve', 'Approve'], ['reject', 'Reject']]
    : p.status === 'rejected' ? [['reopen', 'Reopen']] : [];
  if (verbs.length === 0) {
    return h('div', {}, result, h('p', {class: 'state state-empty', 'data-state': 'decided'},
      `No decision to take: this proposal is ${p.status}.`));
  }
  const buttons = verbs.map(([verb, label]) => h('button', {type: 'button', 'data-verb': verb,
    class: verb === 'reject' ? 'danger' : ''}, label));
  for (const button of buttons) {
    button.addEventListener('click', () => decide(button.dataset.verb));
  }
  form.addEventListener('submit', (event) => event.preventDefault());
  rationale.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      buttons[0].click();
    }
  });

  async function decide(verb) {
    const text = rationale.value.trim();
    if (!text) {
      outcome(result, false, 'Not sent', {code: 'RATIONALE_REQUIRED',
        message: verb === 'reopen' ? 'write the reason for reopening first' : 'write a rationale first'});
      rationale.focus();
      return;
    }
    await submitOnce(buttons, async () => {
      try {
        const answer = await ctx.api.post(`/api/proposals/${encodeURIComponent(p.id)}/${verb}`, {rationale: text});
        // The answer of an approval carries the execution grant: it is not shown or kept here.
        if (ctx.alive()) {
          await detail(root, ctx, p.id, `Done: the hub says this proposal is now ${answer.status}.`);
        }
      } catch (error) {
        outcome(result, false, `Not ${verb === 'approve' ? 'approved' : verb === 'reject' ? 'rejected' : 'reopened'}`,
          error);
      }
    });
  }

  form.appendChild(h('div', {class: 'field'}, h('label', {for: 'decision-rationale'},
    p.status === 'rejected' ? 'Reason for reopening (required)' : 'Rationale (required, recorded in the ledger)'),
  rationale, h('small', {class: 'hint'}, 'Ctrl+Enter approves (or reopens). Escape, outside the text, goes back.')));
  form.appendChild(h('div', {class: 'buttons'}, buttons));
  return h('div', {}, result, form);
}

function transitions(list) {
  if (list.length === 0) {
    return h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'No decisions yet.');
  }
  return h('ol', {class: 'history', 'data-testid': 'transitions'}, list.map((t) => h('li', {},
    `${when(t.at)}: ${t.from || 'new'} → ${t.to} by ${t.actorType} ${t.actorId}`,
    t.rationale ? h('span', {class: 'quote'}, ` — “${t.rationale}”`) : null)));
}

function ledger(events) {
  if (events.length === 0) {
    return h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'No ledger events yet.');
  }
  return h('table', {class: 'table', 'data-testid': 'ledger'},
    h('caption', {}, 'Ledger events about this proposal, newest first; each hash chains to the event before it'),
    h('thead', {}, h('tr', {}, ['Seq', 'At', 'Action', 'Actor', 'State', 'Hash', 'Previous'].map((t) =>
      h('th', {scope: 'col'}, t)))),
    h('tbody', {}, events.map((e) => h('tr', {},
      h('td', {class: 'number'}, String(e.seq)), h('td', {}, when(e.at)), h('td', {}, e.action),
      h('td', {}, `${e.actorType} ${e.actorId}`), h('td', {}, e.approvalState || '—'),
      h('td', {}, h('code', {}, hash(e.hash))), h('td', {}, h('code', {}, hash(e.prevHash)))))));
}
