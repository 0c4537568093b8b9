// Times, ages and numbers as staff read them.

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/:\d\dZ$/, ' UTC');
}

export function age(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return 'unknown';
  const s = Math.max(0, Math.round(Number(seconds)));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}

export function since(iso, now = Date.now()) {
  if (!iso) return 'unknown';
  return age((now - new Date(iso).getTime()) / 1000);
}

export function short(text, max = 80) {
  if (text === null || text === undefined) return '';
  const s = String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function hash(text) {
  return text ? String(text).slice(0, 12) : '—';
}

/** "counts.batchesActive" → "Batches active". */
export function metricLabel(key) {
  const last = String(key).split('.').pop();
  const words = last.replace(/([A-Z])/g, ' $1').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
