// Policy: the kill switch with its history, exemptions from approval (create, revoke), and quota buckets (reset).
import {h, replace, loading, empty, failed, facts, badge, outcome, submitOnce, field, select} from './dom.js';
import {when} from './format.js';

export async function render(root, ctx) {
  const killSection = h('section', {class: 'card', 'aria-labelledby': 'kill-title', id: 'kill-switch'});
  const exemptionSection = h('section', {class: 'card', 'aria-labelledby': 'exemptions-title', id: 'exemptions'});
  const quotaSection = h('section', {class: 'card', 'aria-labelledby': 'quotas-title', id: 'quotas'});
  replace(root, h('h2', {}, 'Policy'), killSection, exemptionSection, quotaSection);
  await Promise.all([killSwitch(killSection, ctx), exemptions(exemptionSection, ctx), quotas(quotaSection, ctx)]);
}

async function killSwitch(section, ctx, message) {
  const body = h('div', {});
  replace(section, h('h3', {id: 'kill-title'}, 'Kill switch'), body);
  loading(body, 'the kill switch');
  let state;
  try {
    state = await ctx.api.get('/api/policy/kill-switch');
  } catch (error) {
    if (ctx.alive()) failed(body, error, () => killSwitch(section, ctx));
    return;
  }
  if (!ctx.alive()) return;
  const result = h('div', {class: 'outcome-slot', id: 'kill-outcome'});
  if (message) outcome(result, true, message);
  const rationale = h('textarea', {id: 'kill-rationale', rows: 2, required: true, 'aria-required': 'true'});
  const button = h('button', {type: 'submit', id: 'kill-toggle', class: state.on ? '' : 'danger'},
    state.on ? 'Turn the kill switch off' : 'Turn the kill switch on');
  const form = h('form', {class: 'decision'}, field(state.on ? 'Why it can go off again (required)'
    : 'Why everything must stop (required)', rationale), button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!rationale.value.trim()) {
      outcome(result, false, 'Not sent', {code: 'RATIONALE_REQUIRED', message: 'write a rationale first'});
      return;
    }
    await submitOnce(button, async () => {
      try {
        const changed = await ctx.api.post('/api/policy/kill-switch', {on: !state.on, rationale: rationale.value.trim()});
        if (ctx.alive()) await killSwitch(section, ctx, `The hub says the kill switch is now ${changed.on ? 'ON' : 'off'}.`);
      } catch (error) {
        outcome(result, false, 'Not changed', error);
      }
    });
  });
  replace(body,
    h('p', {class: state.on ? 'banner banner-kill' : 'banner banner-ok', 'data-kill-switch': state.on ? 'on' : 'off'},
      state.on ? 'ON: every write proposal is denied and nothing executes.' : 'Off: the gate decides as the registry says.'),
    facts([['Changed by', state.changedBy], ['At', when(state.at)], ['Rationale', state.rationale]]),
    result, form,
    h('h4', {}, 'History'),
    (state.history || []).length === 0 ? h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'Never changed.')
      : h('ol', {class: 'history'}, state.history.map((change) => h('li', {},
        `${when(change.at)}: ${change.on ? 'on' : 'off'} by ${change.changedBy} — “${change.rationale || ''}”`))));
}

function defaultExpiry() {
  const date = new Date(Date.now() + 24 * 3600 * 1000);
  date.setSeconds(0, 0);
  return date.toISOString().slice(0, 16);
}

async function exemptions(section, ctx, message) {
  const body = h('div', {});
  replace(section, h('h3', {id: 'exemptions-title'}, 'Exemptions from approval'), body);
  loading(body, 'the exemptions');
  let list;
  let registry;
  try {
    [list, registry] = await Promise.all([ctx.api.get('/api/policy/exemptions'), ctx.api.get('/api/capabilities')]);
  } catch (error) {
    if (ctx.alive()) failed(body, error, () => exemptions(section, ctx));
    return;
  }
  if (!ctx.alive()) return;
  const result = h('div', {class: 'outcome-slot', id: 'exemption-outcome'});
  if (message) outcome(result, true, message);
  const exemptable = (registry.capabilities || []).filter((c) => c.exemptable === true);
  const rows = list.exemptions || [];
  const table = rows.length === 0
    ? h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'No exemptions: every approval-required capability waits for staff.')
    : h('table', {class: 'table', 'data-testid': 'exemptions'},
      h('caption', {}, 'Exemptions, newest first'),
      h('thead', {}, h('tr', {}, ['Capability', 'Owner', 'Expires', 'By', 'Justification', 'Status', ''].map((t) =>
        h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows.map((e) => exemptionRow(e, section, ctx, result))));

  const capability = select('capabilityId', exemptable.map((c) => [c.id, `${c.id}${c.enabled ? '' : ' (disabled)'}`]));
  capability.id = 'exemption-capability';
  const owner = h('input', {id: 'exemption-owner', type: 'text', placeholder: 'optional: one owner uid'});
  const expires = h('input', {id: 'exemption-expires', type: 'datetime-local', value: defaultExpiry(), required: true});
  const justification = h('textarea', {id: 'exemption-justification', rows: 2, required: true});
  const create = h('button', {type: 'submit', id: 'exemption-create'}, 'Create exemption');
  const form = h('form', {class: 'decision', 'aria-label': 'Create an exemption'},
    field('Capability (exemptable only)', capability), field('Owner', owner),
    field('Expires (UTC, at most 30 days)', expires), field('Justification (required)', justification), create);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!justification.value.trim()) {
      outcome(result, false, 'Not sent', {code: 'RATIONALE_REQUIRED', message: 'write a justification first'});
      return;
    }
    await submitOnce(create, async () => {
      try {
        const body = {capabilityId: capability.value, expiresAt: `${expires.value}:00Z`,
          justification: justification.value.trim()};
        if (owner.value.trim()) body.ownerUid = owner.value.trim();
        const created = await ctx.api.post('/api/policy/exemptions', body);
        if (ctx.alive()) await exemptions(section, ctx, `Exemption ${created.id} is ${created.status}.`);
      } catch (error) {
        outcome(result, false, 'Not created', error);
      }
    });
  });
  replace(body, result, table, exemptable.length === 0
    ? h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'No capability in the registry is exemptable.')
    : form);
}

function exemptionRow(e, section, ctx, result) {
  const cells = [e.capabilityId, e.ownerUid || 'anyone', when(e.expiresAt), e.approvedBy, e.justification];
  const status = h('td', {}, badge(e.status, e.status === 'live' ? 'warn' : 'plain'));
  const action = h('td', {});
  if (e.status === 'live') {
    const reason = h('input', {type: 'text', 'aria-label': `Why revoke ${e.id}`, placeholder: 'why (required)',
      class: 'revoke-rationale'});
    const button = h('button', {type: 'button', class: 'danger revoke'}, 'Revoke');
    button.addEventListener('click', async () => {
      if (!reason.value.trim()) {
        outcome(result, false, 'Not sent', {code: 'RATIONALE_REQUIRED', message: 'say why it is revoked first'});
        reason.focus();
        return;
      }
      await submitOnce(button, async () => {
        try {
          const revoked = await ctx.api.post(`/api/policy/exemptions/${encodeURIComponent(e.id)}/revoke`,
            {rationale: reason.value.trim()});
          if (ctx.alive()) await exemptions(section, ctx, `Exemption ${revoked.id} is ${revoked.status}.`);
        } catch (error) {
          outcome(result, false, 'Not revoked', error);
        }
      });
    });
    action.append(reason, button);
  }
  return h('tr', {'data-exemption': e.id, 'data-status': e.status}, cells.map((c) => h('td', {}, c || '—')),
    status, action);
}

async function quotas(section, ctx, message) {
  const body = h('div', {});
  replace(section, h('h3', {id: 'quotas-title'}, 'Quota buckets'), body);
  loading(body, 'the quotas');
  let list;
  try {
    list = await ctx.api.get('/api/policy/quotas');
  } catch (error) {
    if (ctx.alive()) failed(body, error, () => quotas(section, ctx));
    return;
  }
  if (!ctx.alive()) return;
  const result = h('div', {class: 'outcome-slot'});
  if (message) outcome(result, true, message);
  const rows = list.quotas || [];
  if (rows.length === 0) {
    replace(body, result, h('p', {class: 'state state-empty', 'data-state': 'empty'},
      'No quota window is open: nothing has been proposed recently.'));
    return;
  }
  replace(body, result, h('table', {class: 'table', 'data-testid': 'quotas'},
    h('caption', {}, 'Current quota windows'),
    h('thead', {}, h('tr', {}, ['Bucket', 'Window', 'Used', ''].map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows.map((q) => {
      const reason = h('input', {type: 'text', 'aria-label': `Why reset ${q.bucket}`, placeholder: 'why (required)'});
      const button = h('button', {type: 'button', class: 'secondary'}, 'Reset');
      button.addEventListener('click', async () => {
        if (!reason.value.trim()) {
          outcome(result, false, 'Not sent', {code: 'RATIONALE_REQUIRED', message: 'say why it is reset first'});
          return;
        }
        await submitOnce(button, async () => {
          try {
            const reset = await ctx.api.post(`/api/policy/quotas/${encodeURIComponent(q.bucket)}/reset`,
              {rationale: reason.value.trim()});
            if (ctx.alive()) await quotas(section, ctx, `Reset ${reset.bucket} (${reset.windowsReset} windows).`);
          } catch (error) {
            outcome(result, false, 'Not reset', error);
          }
        });
      });
      return h('tr', {}, h('td', {}, h('code', {}, q.bucket)), h('td', {}, `${when(q.windowStart)} – ${when(q.windowEnd)}`),
        h('td', {class: 'number'}, String(q.used)), h('td', {}, reason, button));
    }))));
}
