// A small trend line (sparkline) of one metric over recent snapshots, drawn as SVG from numbers only.
import {svg, h} from './dom.js';

const WIDTH = 120;
const HEIGHT = 28;

/** points: [{date, value}] oldest first; values may be null (a read that failed that day). */
export function trendLine(label, points) {
  const known = points.filter((p) => typeof p.value === 'number');
  const summary = known.length < 2
    ? `${label}: not enough snapshots for a trend yet`
    : `${label}: ${known.map((p) => `${p.date} ${p.value}`).join(', ')}`;
  if (known.length < 2) {
    return h('span', {class: 'trend trend-none', title: summary}, 'trend after two snapshots');
  }
  const values = known.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const step = WIDTH / (known.length - 1);
  const coordinates = known.map((p, i) => {
    const x = (i * step).toFixed(1);
    // A metric that did not move is a level line through the middle.
    const y = (span === 0 ? HEIGHT / 2 : HEIGHT - 3 - ((p.value - min) / span) * (HEIGHT - 6)).toFixed(1);
    return `${x},${y}`;
  });
  const last = coordinates[coordinates.length - 1].split(',');
  return svg('svg', {class: 'trend', width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img', 'aria-label': summary},
  svg('title', {}, document.createTextNode(summary)),
  svg('polyline', {points: coordinates.join(' '), fill: 'none', class: 'trend-line'}),
  svg('circle', {cx: last[0], cy: last[1], r: 2.5, class: 'trend-dot'}));
}

/**
 * The series of every metric, rebuilt from the latest values and the diffs before them (each diff says what a key
 * was on the previous snapshot): [date → value] per key, oldest first.
 */
export function seriesFrom(latestValues, latestDate, diffs) {
  const series = {};
  let current = {...latestValues};
  const dates = [latestDate];
  const snapshots = [current];
  const ordered = [...diffs].sort((a, b) => String(b.snapshotDate).localeCompare(String(a.snapshotDate)));
  for (const diff of ordered) {
    if (diff.snapshotDate !== dates[dates.length - 1] || !diff.previousDate) continue;
    const previous = {...current};
    for (const change of diff.changes || []) previous[change.key] = change.from;
    dates.push(diff.previousDate);
    snapshots.push(previous);
    current = previous;
  }
  for (const key of Object.keys(latestValues)) {
    series[key] = [];
    for (let i = dates.length - 1; i >= 0; i--) {
      const value = snapshots[i][key];
      series[key].push({date: dates[i], value: typeof value === 'number' ? value : null});
    }
  }
  return series;
}
