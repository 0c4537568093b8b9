// State: the latest StudioState snapshot with its labels, freshness, diff, trends and drift warnings.
import {h, replace, loading, empty, failed, facts, badge, outcome, submitOnce} from './dom.js';
import {when, age, metricLabel} from './format.js';
import {trendLine, seriesFrom} from './trend.js';

const GROUPS = ['counts', 'ops', 'finance'];

function values(snapshot) {
  const flat = {};
  for (const group of GROUPS) {
    for (const [key, value] of Object.entries(snapshot[group] || {})) flat[`${group}.${key}`] = value;
  }
  return flat;
}

export async function render(root, ctx) {
  const body = h('div', {class: 'panel-body'});
  const computeOutcome = h('div', {class: 'outcome-slot'});
  const computeButton = h('button', {type: 'button', class: 'secondary', id: 'compute-state'}, 'Compute today\'s state now');
  computeButton.addEventListener('click', () => submitOnce(computeButton, async () => {
    try {
      const computed = await ctx.api.post('/api/studio-state/snapshots');
      outcome(computeOutcome, true, `Computed ${computed.snapshotDate}: ${computed.changedCount} changed, `
        + `${computed.driftCount} drift findings`);
      await load();
    } catch (error) {
      outcome(computeOutcome, false, 'Not computed', error);
    }
  }));
  replace(root, h('h2', {}, 'Studio state'), h('div', {class: 'toolbar'}, computeButton, computeOutcome), body);

  async function load() {
    loading(body, 'the latest snapshot');
    let latest;
    let diffs;
    let drift;
    try {
      [latest, diffs, drift] = await Promise.all([
        ctx.api.get('/api/studio-state/latest'),
        ctx.api.get('/api/studio-state/diffs?limit=14'),
        ctx.api.get('/api/studio-state/drift?limit=10'),
      ]);
    } catch (error) {
      if (ctx.alive()) failed(body, error, load);
      return;
    }
    if (!ctx.alive()) return;
    if (!latest.snapshot) {
      empty(body, `No snapshot yet: ${latest.reason || 'the studio has not been computed'}. `
        + 'Use "Compute today\'s state now", or wait for the studio-state route.');
      return;
    }
    replace(body, ...view(latest, diffs.diffs || [], drift.drift || []));
  }
  await load();
}

function view(latest, diffs, drift) {
  const snapshot = latest.snapshot;
  const labels = h('p', {class: 'labels'},
    badge(`Derived from ${latest.derivedFrom}`, 'info'), ' ',
    latest.sampleData ? badge('Sample data: the bundled sample studio, not your studio', 'warn') : null, ' ',
    badge(`Completeness: ${snapshot.completeness}`, snapshot.completeness === 'full' ? 'ok' : 'warn'));
  const stale = latest.stale
    ? h('p', {class: 'banner banner-degraded', role: 'alert', 'data-testid': 'stale-banner'},
      `Stale: this snapshot is ${age(latest.ageSeconds)} old; the threshold is ${age(latest.staleAfterSeconds)}. `,
      latest.recomputeNote || '')
    : h('p', {class: 'fresh', 'data-testid': 'fresh-note'},
      `Fresh: ${age(latest.ageSeconds)} old (stale after ${age(latest.staleAfterSeconds)}).`);
  const sources = facts([
    ['Snapshot date', latest.snapshotDate],
    ['Generated', when(snapshot.generatedAt)],
    ['Firestore read at', when(latest.sourceTimestamps && latest.sourceTimestamps.firestoreReadAt)],
    ['Stripe read at', when(latest.sourceTimestamps && latest.sourceTimestamps.stripeReadAt)],
    ['Snapshot hash', h('code', {}, String(latest.snapshotHash || '').slice(0, 16))],
  ]);

  const current = values(snapshot);
  const series = seriesFrom(current, latest.snapshotDate, diffs);
  const provenance = snapshot.provenance || {};
  const rows = Object.entries(current).map(([key, value]) => {
    const p = provenance[key] || {};
    return h('tr', {'data-metric': key},
      h('th', {scope: 'row'}, metricLabel(key), h('small', {class: 'key'}, key)),
      h('td', {class: 'number'}, value === null ? 'read failed' : String(value)),
      h('td', {}, p.source || '—', p.completeness && p.completeness !== 'full' ? badge(p.completeness, 'warn') : null),
      h('td', {}, when(p.readAt)),
      h('td', {}, trendLine(metricLabel(key), series[key] || [])));
  });
  const metrics = h('table', {class: 'table', 'data-testid': 'metrics'},
    h('caption', {}, 'Metrics of the latest snapshot, with where each came from and its trend over recent snapshots'),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Metric'), h('th', {scope: 'col'}, 'Value'),
      h('th', {scope: 'col'}, 'Source'), h('th', {scope: 'col'}, 'Read at'), h('th', {scope: 'col'}, 'Trend'))),
    h('tbody', {}, rows));

  const latestDiff = diffs.find((d) => d.snapshotDate === latest.snapshotDate);
  let diffView;
  if (!latestDiff || !latestDiff.previousDate) {
    diffView = h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'No previous snapshot to compare with yet.');
  } else if (!latestDiff.changes || latestDiff.changes.length === 0) {
    diffView = h('p', {class: 'state state-empty', 'data-state': 'empty'},
      `Nothing changed since ${latestDiff.previousDate}.`);
  } else {
    diffView = h('table', {class: 'table', 'data-testid': 'diff'},
      h('caption', {}, `Changed since ${latestDiff.previousDate}`),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Metric'), h('th', {scope: 'col'}, 'Before'),
        h('th', {scope: 'col'}, 'Now'))),
      h('tbody', {}, latestDiff.changes.map((c) => h('tr', {},
        h('th', {scope: 'row'}, metricLabel(c.key)), h('td', {class: 'number'}, c.from === null ? '—' : String(c.from)),
        h('td', {class: 'number'}, c.to === null ? '—' : String(c.to))))));
  }

  const driftView = drift.length === 0
    ? h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'No drift warnings: the hub\'s picture matches the cloud\'s.')
    : h('ul', {class: 'warnings', 'data-testid': 'drift'}, drift.map((d) => h('li', {class: 'warning'},
      badge(d.kind, 'warn'), ' ', `${d.snapshotDate} ${metricLabel(d.metric || '')}: expected ${d.expected}, `
        + `observed ${d.observed} (delta ${d.delta}). `, d.detail || '')));

  return [labels, stale, sources, metrics, h('h3', {}, 'Since the previous snapshot'), diffView,
    h('h3', {}, 'Drift warnings'), driftView];
}
