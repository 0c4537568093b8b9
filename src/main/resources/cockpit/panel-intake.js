// Intake: work requests and flags held for review, with their category and why; a decision with a reason code.
import {h, replace, loading, empty, failed, notLanded, facts, badge, outcome, submitOnce, field, select} from './dom.js';
import {when} from './format.js';

export async function render(root, ctx, params, message) {
  const body = h('div', {class: 'panel-body'});
  const result = h('div', {class: 'outcome-slot', id: 'intake-outcome'});
  replace(root, h('h2', {}, 'Intake review'), result, body);
  if (message) outcome(result, true, message);
  await load();

  async function load() {
    loading(body, 'the review queue');
    let queue;
    try {
      queue = await ctx.api.get('/api/intake/review-queue?limit=200');
    } catch (error) {
      if (!ctx.alive()) return;
      if (error.status === 404) notLanded(body, 'Intake review (the intake rules are off; /readyz says why)');
      else failed(body, error, load);
      return;
    }
    if (!ctx.alive()) return;
    const items = queue.items || [];
    if (items.length === 0) {
      empty(body, 'Nothing is waiting for review.');
      return;
    }
    replace(body, h('p', {}, `${items.length} held for review, oldest first (tenant ${ctx.tenantId}).`),
      items.map((item) => card(item)));
  }

  function card(item) {
    const decision = select('decision', [['override_granted', 'Grant: allow the work (staff override)'],
      ['override_denied', 'Deny: keep it refused (policy)']]);
    const reasonCode = h('input', {type: 'text', name: 'reasonCode', required: true, list: 'intake-reason-codes',
      value: 'staff_override_own_design'});
    decision.addEventListener('change', () => {
      reasonCode.value = decision.value === 'override_granted' ? 'staff_override_own_design' : 'policy_trademark_resale';
    });
    const rationale = h('textarea', {name: 'rationale', rows: 2, required: true});
    const button = h('button', {type: 'submit'}, 'Record the decision');
    const local = h('div', {class: 'outcome-slot'});
    const form = h('form', {class: 'decision', 'aria-label': `Decide on ${item.workItemId}`},
      field('Decision', decision), field('Reason code', reasonCode,
        'staff_override_<why> to grant, policy_<rule> to deny'), field('Rationale (required)', rationale), button,
      h('datalist', {id: 'intake-reason-codes'}, ['staff_override_own_design', 'staff_override_licensed',
        'policy_trademark_resale', 'policy_unsafe_request'].map((code) => h('option', {value: code}))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!rationale.value.trim()) {
        outcome(local, false, 'Not sent', {code: 'RATIONALE_REQUIRED', message: 'write a rationale first'});
        return;
      }
      await submitOnce(button, async () => {
        try {
          const decided = await ctx.api.post(`/api/intake/${encodeURIComponent(item.id)}/decision`,
            {decision: decision.value, reasonCode: reasonCode.value.trim(), rationale: rationale.value.trim()});
          if (ctx.alive()) await render(root, ctx, params, `Work item ${decided.workItemId} is now ${decided.status}.`);
        } catch (error) {
          outcome(local, false, 'Not recorded', error);
        }
      });
    });
    return h('section', {class: 'card', 'data-intake': item.id},
      h('h3', {}, item.summary || item.workItemId, ' ', badge(item.category, 'warn')),
      facts([
        ['Why held', `${item.disposition}: ${(item.matchedRules || []).join(', ') || 'no rule named'} `
          + `(confidence ${Math.round((item.confidence || 0) * 100)}%, rules ${item.rulePackVersion})`],
        ['Work item', item.workItemId], ['Owner', item.ownerUid], ['Source', item.source],
        ['Tags', (item.tags || []).join(', ')], ['Received', when(item.receivedAt)],
      ]), local, form);
  }
}
