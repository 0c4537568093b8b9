// Drafts: the assistive drafts (ops, finance, marketing) with their review, and triage suggestions for reports.
import {h, replace, loading, empty, failed, notLanded, badge, outcome, submitOnce, field, select} from './dom.js';
import {when, short} from './format.js';

const KINDS = [['ops', 'Ops'], ['finance', 'Finance'], ['marketing', 'Marketing'], ['triage', 'Triage suggestions']];

export async function render(root, ctx, params) {
  const kind = KINDS.some(([k]) => k === params[0]) ? params[0] : 'ops';
  const tabs = h('nav', {class: 'tabs', 'aria-label': 'Kinds of draft'}, KINDS.map(([k, label]) =>
    h('a', {href: `#/drafts/${k}`, 'aria-current': k === kind ? 'page' : null}, label)));
  const body = h('div', {class: 'panel-body'});
  replace(root, h('h2', {}, 'Drafts'), tabs, body);
  if (kind === 'triage') return triage(body, ctx);
  return drafts(body, ctx, kind);
}

async function drafts(body, ctx, kind, message) {
  loading(body, `the ${kind} drafts`);
  let answer;
  try {
    answer = await ctx.api.get(`/api/drafts?kind=${kind}`);
  } catch (error) {
    if (!ctx.alive()) return;
    if (error.status === 404) notLanded(body, 'Drafts');
    else failed(body, error, () => drafts(body, ctx, kind));
    return;
  }
  if (!ctx.alive()) return;
  const list = answer.drafts || [];
  const result = h('div', {class: 'outcome-slot'});
  if (message) outcome(result, true, message);
  if (list.length === 0) {
    replace(body, result, h('p', {class: 'state state-empty', 'data-state': 'empty'}, `No ${kind} drafts.`));
    return;
  }
  replace(body, result, list.map((draft) => {
    const rationale = h('input', {type: 'text', 'aria-label': 'Rationale for the review', placeholder: 'rationale (required)'});
    const verbs = draft.status === 'pending_approval' ? ['approve', 'reject'] : draft.status === 'rejected' ? ['reopen'] : [];
    const falsePositive = kind === 'ops' && verbs.includes('reject')
      ? h('input', {type: 'checkbox', 'aria-label': 'Reject as a false positive'}) : null;
    const buttons = verbs.map((verb) => h('button', {type: 'button', class: verb === 'reject' ? 'danger' : '',
      'data-verb': verb}, verb));
    for (const button of buttons) {
      button.addEventListener('click', async () => {
        if (!rationale.value.trim()) {
          outcome(result, false, 'Not sent', {code: 'RATIONALE_REQUIRED', message: 'write a rationale first'});
          return;
        }
        await submitOnce(buttons, async () => {
          try {
            const payload = {decision: button.dataset.verb, rationale: rationale.value.trim()};
            if (falsePositive && falsePositive.checked && button.dataset.verb === 'reject') payload.falsePositive = true;
            const reviewed = await ctx.api.post(`/api/drafts/${encodeURIComponent(draft.id)}/review`, payload);
            if (ctx.alive()) await drafts(body, ctx, kind, `Draft is now ${reviewed.draftStatus}.`);
          } catch (error) {
            outcome(result, false, 'Not reviewed', error);
          }
        });
      });
    }
    return h('section', {class: 'card', 'data-draft': draft.id},
      h('h3', {}, short(draft.preview || draft.target, 120), ' ', badge(draft.draftStatus || draft.status, 'plain')),
      h('p', {}, short(draft.rationale, 300)),
      h('p', {class: 'hint'}, `${draft.capabilityId} on ${draft.target}, ${when(draft.createdAt)}, tenant ${draft.tenantId}`,
        ' — ', h('a', {href: `#/proposals/${encodeURIComponent(draft.id)}`}, 'open as a proposal')),
      verbs.length ? h('div', {class: 'inline-form'}, rationale,
        falsePositive ? h('label', {}, falsePositive, ' false positive') : null, buttons) : null);
  }));
}

async function triage(body, ctx) {
  const stats = h('div', {});
  const result = h('div', {class: 'outcome-slot', id: 'triage-outcome'});
  const targetType = select('targetType', ['post', 'comment', 'link', 'event', 'profile', 'message']);
  const title = h('input', {type: 'text', name: 'title', required: true, id: 'triage-title'});
  const note = h('textarea', {name: 'note', rows: 3, id: 'triage-note'});
  const ask = h('button', {type: 'submit', id: 'triage-suggest'}, 'Suggest a triage');
  const form = h('form', {class: 'decision', 'aria-label': 'Ask for a triage suggestion'},
    field('Reported item type', targetType), field('Report title', title), field('Report note', note), ask);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await submitOnce(ask, async () => {
      try {
        const suggestion = await ctx.api.post('/api/trust-safety/triage/suggest',
          {targetType: targetType.value, title: title.value, note: note.value});
        showSuggestion(suggestion);
      } catch (error) {
        if (error.status === 404) notLanded(result, 'Triage');
        else outcome(result, false, 'No suggestion', error);
      }
    });
  });
  replace(body, h('p', {}, 'A suggestion is only advice: it never acts on a report.'), form, result,
    h('h3', {}, 'How suggestions fared'), stats);

  function showSuggestion(s) {
    const verdict = (v) => h('button', {type: 'button', class: v === 'rejected' ? 'danger' : 'secondary',
      'data-verdict': v}, v);
    const buttons = ['accepted', 'rejected'].map(verdict);
    for (const button of buttons) {
      button.addEventListener('click', () => submitOnce(buttons, async () => {
        try {
          await ctx.api.post('/api/trust-safety/triage/feedback', {suggestedCategory: s.category,
            suggestedSeverity: s.severity, finalCategory: s.category, verdict: button.textContent,
            finalAction: button.textContent === 'accepted' ? 'follow suggestion' : 'staff decide', modelVersion: s.modelVersion});
          outcome(result, true, `Feedback recorded: ${button.textContent}.`);
          await loadStats();
        } catch (error) {
          outcome(result, false, 'Feedback not recorded', error);
        }
      }));
    }
    replace(result, h('div', {class: 'card', 'data-testid': 'suggestion'},
      h('p', {}, badge(s.severity, s.severity === 'high' ? 'bad' : 'warn'), ` ${s.category} (${s.reasonCode}, `
        + `confidence ${Math.round((s.confidence || 0) * 100)}%, ${(s.matchedRules || []).join(', ') || 'no rule'})`),
      h('div', {class: 'buttons'}, buttons)));
  }

  async function loadStats() {
    loading(stats, 'the triage statistics');
    try {
      const answer = await ctx.api.get('/api/trust-safety/triage/stats');
      if (!ctx.alive()) return;
      const rows = Object.entries(answer.byCategory || {});
      if (rows.length === 0) {
        empty(stats, 'No feedback on suggestions yet.');
        return;
      }
      replace(stats, h('table', {class: 'table'}, h('caption', {}, 'Feedback by category'),
        h('thead', {}, h('tr', {}, ['Category', 'Count', 'Accepted', 'Edited', 'Rejected'].map((t) =>
          h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows.map(([category, c]) => h('tr', {}, h('th', {scope: 'row'}, category),
          [c.count, c.accepted, c.edited, c.rejected].map((n) => h('td', {class: 'number'}, String(n))))))));
    } catch (error) {
      if (!ctx.alive()) return;
      if (error.status === 404) notLanded(stats, 'Triage');
      else failed(stats, error, loadStats);
    }
  }
  await loadStats();
}
