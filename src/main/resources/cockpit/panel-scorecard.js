// Scorecard: the SLO indicators (GET /api/scorecard), each with its value, thresholds and owner.
import {h, replace, loading, empty, failed, notLanded, badge} from './dom.js';
import {when} from './format.js';

export async function render(root, ctx) {
  const body = h('div', {class: 'panel-body'});
  replace(root, h('h2', {}, 'Scorecard'), body);
  await load();

  async function load() {
    loading(body, 'the scorecard');
    let answer;
    try {
      answer = await ctx.api.get('/api/scorecard');
    } catch (error) {
      if (!ctx.alive()) return;
      if (error.status === 404) notLanded(body, 'The scorecard');
      else failed(body, error, load);
      return;
    }
    if (!ctx.alive()) return;
    const indicators = answer.indicators || [];
    if (indicators.length === 0) {
      empty(body, 'No indicators are computed yet.');
      return;
    }
    const kind = {ok: 'ok', warning: 'warn', critical: 'bad', unknown: 'plain'};
    replace(body, h('p', {}, `Computed ${when(answer.computedAt)}`),
      h('div', {class: 'tiles'}, indicators.map((i) => h('section', {class: `tile tile-${i.status}`,
        'data-indicator': i.key},
      h('h3', {}, i.title), h('p', {class: 'tile-value'}, i.value === null || i.value === undefined ? '—'
        : `${i.value} ${i.unit || ''}`),
      h('p', {}, badge(i.status, kind[i.status] || 'plain')),
      h('p', {class: 'hint'}, `warning at ${i.warning}, critical at ${i.critical} ${i.unit || ''}; owner ${i.owner || '—'}`),
      i.note ? h('p', {class: 'hint'}, i.note) : null))));
  }
}
