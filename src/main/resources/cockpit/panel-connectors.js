// Connectors: each connector's health, breaker state, devices and alerts (GET /api/connectors).
import {h, replace, loading, empty, failed, notLanded, facts, badge} from './dom.js';
import {when} from './format.js';

export async function render(root, ctx) {
  const body = h('div', {class: 'panel-body'});
  replace(root, h('h2', {}, 'Connectors'), body);
  await load();

  async function load() {
    loading(body, 'the connectors');
    let answer;
    try {
      answer = await ctx.api.get('/api/connectors');
    } catch (error) {
      if (!ctx.alive()) return;
      if (error.status === 404) notLanded(body, 'Connector health');
      else failed(body, error, load);
      return;
    }
    if (!ctx.alive()) return;
    const connectors = answer.connectors || [];
    if (connectors.length === 0) {
      empty(body, 'No connectors are set up in this hub.');
      return;
    }
    replace(body, h('p', {}, `Tenant ${answer.tenantId || ctx.tenantId}`), connectors.map(card));
  }
}

function card(c) {
  const availability = c.configured === false ? 'not configured' : c.availability;
  const kind = availability === 'healthy' ? 'ok' : availability === 'degraded' ? 'warn'
    : availability === 'down' ? 'bad' : 'plain';
  const devices = c.devices || [];
  return h('section', {class: 'card', 'data-connector': c.name},
    h('h3', {}, c.title || c.name, ' ', badge(availability || 'unknown', kind), ' ',
      c.configured === false ? null : badge(`breaker ${c.breaker}`, c.breaker === 'closed' ? 'ok' : 'warn'),
      c.pushStale ? badge('event push silent', 'warn') : null),
    facts([
      ['State', c.state], ['Mode', c.mode], ['Version', c.version],
      ['Last success', when(c.lastSuccessAt)],
      ['Latency', c.latencyMs === null || c.latencyMs === undefined ? null : `${c.latencyMs} ms`],
      ['Last error', c.lastError ? `${c.lastError.kind}${c.lastError.retryable ? ' (retryable)' : ''}: `
        + `${c.lastError.message || ''} at ${when(c.lastError.at)}` : 'none'],
      ['Request id', c.requestId],
    ]),
    c.configured === false
      ? h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'Not configured: no devices are read.')
      : devices.length === 0
        ? h('p', {class: 'state state-empty', 'data-state': 'empty'}, 'No devices reported.')
        : h('table', {class: 'table'},
          h('caption', {}, `Devices of ${c.title || c.name}`),
          h('thead', {}, h('tr', {}, ['Device', 'Kind', 'Online', 'Battery', 'Last seen', 'Readings', 'Alerts']
            .map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, devices.map((d) => h('tr', {'data-device': d.id},
            h('th', {scope: 'row'}, d.label || d.id), h('td', {}, d.kind),
            h('td', {}, d.online ? 'yes' : badge('offline', 'bad')),
            h('td', {}, d.batteryPct === null || d.batteryPct === undefined ? '—' : `${d.batteryPct}%`),
            h('td', {}, when(d.lastSeenAt), d.stale ? badge('stale', 'warn') : null),
            h('td', {}, Object.entries(d.attributes || {}).map(([k, v]) => `${k} ${v}`).join(', ') || '—'),
            h('td', {}, (d.alerts || []).length === 0 ? '—' : h('ul', {class: 'alerts'}, d.alerts.map((a) =>
              h('li', {}, badge(a.severity, a.severity === 'critical' ? 'bad' : 'warn'), ` ${a.code}: ${a.message || ''}`)))))))));
}
