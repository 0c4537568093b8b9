// Audit: the ledger's timeline with filters, the chain's verification status, and the export.
import {h, replace, loading, empty, failed, badge, field, select} from './dom.js';
import {when, hash} from './format.js';
import {query} from './api.js';

const PROPOSAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const filters = {action: '', actor: '', actorType: '', capability: '', correlationId: '', approvalState: '',
  from: '', to: '', tenant: ''};

export async function render(root, ctx) {
  if (!filters.tenant) filters.tenant = ctx.tenantId;
  const verify = h('section', {class: 'card', id: 'verify', 'aria-labelledby': 'verify-title'});
  const form = h('form', {class: 'filters', id: 'audit-filters', 'aria-label': 'Filter the timeline'});
  const list = h('div', {class: 'list', id: 'audit-list'});
  const exportLink = h('a', {href: '/api/audit/export', id: 'audit-export', download: 'audit-bundle.zip'},
    'Export the ledger as an audit bundle (zip, checked offline by `ledger verify-bundle`)');
  replace(root, h('h2', {}, 'Audit'), verify, h('p', {}, exportLink), form, list);

  const inputs = {
    action: h('input', {type: 'text', name: 'action', value: filters.action, placeholder: 'proposal.'}),
    actor: h('input', {type: 'text', name: 'actor', value: filters.actor}),
    actorType: select('actorType', [['', 'anyone'], 'staff', 'human', 'agent', 'system'], filters.actorType),
    capability: h('input', {type: 'text', name: 'capability', value: filters.capability}),
    correlationId: h('input', {type: 'text', name: 'correlationId', value: filters.correlationId,
      placeholder: 'a proposal id'}),
    approvalState: h('input', {type: 'text', name: 'approvalState', value: filters.approvalState}),
    from: h('input', {type: 'datetime-local', name: 'from', value: filters.from}),
    to: h('input', {type: 'datetime-local', name: 'to', value: filters.to}),
    tenant: h('input', {type: 'text', name: 'tenant', value: filters.tenant}),
  };
  replace(form, field('Action starts with', inputs.action), field('Actor', inputs.actor),
    field('Actor type', inputs.actorType), field('Capability', inputs.capability),
    field('Correlation id', inputs.correlationId), field('Approval state', inputs.approvalState),
    field('From (UTC)', inputs.from), field('To (UTC)', inputs.to), field('Tenant', inputs.tenant),
    h('button', {type: 'submit'}, 'Apply filters'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const [name, input] of Object.entries(inputs)) filters[name] = input.value;
    load();
  });

  async function checkChain() {
    const body = h('div', {});
    replace(verify, h('h3', {id: 'verify-title'}, 'Chain verification'), body);
    loading(body, 'the verification');
    try {
      const report = await ctx.api.get('/api/audit/verify');
      if (!ctx.alive()) return;
      replace(body, report.ok
        ? h('p', {class: 'banner banner-ok', 'data-verified': 'ok'}, `Verified: ${report.eventsChecked} events and `
          + `${report.checkpointsChecked} signed checkpoints, up to #${report.lastSeq}, are intact.`)
        : h('p', {class: 'banner banner-kill', role: 'alert', 'data-verified': 'broken'},
          `Broken at #${report.firstBadSeq}: ${report.problem} — ${report.detail || ''}`),
      h('button', {type: 'button', class: 'secondary', onclick: checkChain}, 'Verify again'));
    } catch (error) {
      if (ctx.alive()) failed(body, error, checkChain);
    }
  }

  async function load(before) {
    if (!before) loading(list, 'the timeline');
    const instant = (value) => (value ? `${value}:00Z` : '');
    let page;
    try {
      page = await ctx.api.get('/api/audit' + query({action: filters.action, actor: filters.actor,
        actorType: filters.actorType, capability: filters.capability, correlationId: filters.correlationId,
        approvalState: filters.approvalState, from: instant(filters.from), to: instant(filters.to),
        tenant: filters.tenant, limit: 100, before}));
    } catch (error) {
      if (ctx.alive()) failed(list, error, () => load());
      return;
    }
    if (!ctx.alive()) return;
    const events = page.events || [];
    if (!before && events.length === 0) {
      empty(list, 'No ledger events match these filters.');
      return;
    }
    let tbody = list.querySelector('tbody');
    if (!before || !tbody) {
      tbody = h('tbody', {});
      replace(list, h('table', {class: 'table', 'data-testid': 'audit'},
        h('caption', {}, 'Ledger events, newest first'),
        h('thead', {}, h('tr', {}, ['Seq', 'At', 'Action', 'Actor', 'Capability', 'Target', 'State', 'Rationale',
          'Tenant', 'Hash'].map((t) => h('th', {scope: 'col'}, t)))), tbody));
    }
    for (const e of events) {
      tbody.appendChild(h('tr', {'data-action': e.action, 'data-seq': e.seq},
        h('td', {class: 'number'}, String(e.seq)), h('td', {}, when(e.at)), h('td', {}, e.action),
        h('td', {}, `${e.actorType} ${e.actorId}`), h('td', {}, e.capabilityId || '—'), h('td', {}, e.target || '—',
          PROPOSAL_ID.test(e.correlationId || '') ? h('a', {href: `#/proposals/${e.correlationId}`, class: 'block'},
            'open proposal') : null),
        h('td', {}, e.approvalState ? badge(e.approvalState, 'plain') : '—'), h('td', {}, e.rationale || '—'),
        h('td', {}, e.tenantId), h('td', {}, h('code', {}, hash(e.hash)))));
    }
    const more = list.querySelector('.more');
    if (more) more.remove();
    if (page.nextBefore) {
      list.appendChild(h('button', {type: 'button', class: 'secondary more', onclick: () => load(page.nextBefore)},
        'Show older events'));
    }
  }

  await Promise.all([checkChain(), load()]);
}
