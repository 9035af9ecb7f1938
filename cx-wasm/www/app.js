// The cxkit demo page: parses what the person pastes or drops, asks cxkit-wasm for the
// numbers, and draws the answers' distribution as SVG. No formula lives here. The journeys
// tab reads an event CSV and shows a funnel and attribution by several models.
import init, { nps, csat, ces, funnel, attribution } from '../pkg/cx_wasm.js';
import { csvFields, parseEvents, conversionPaths, MODELS } from './journeys.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

/** Answers typed or pasted: numbers separated by spaces, commas, semicolons or lines. */
export function parseAnswers(text) {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  return Float64Array.from(tokens, Number); // a non-number becomes NaN, which cx rejects by index
}

/**
 * Survey answers from CSV text: either `kind` + `score` columns (one response per row, as
 * examples/data/survey_responses.csv), or columns named nps / csat / ces.
 */
export function parseCsv(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (!lines.length) throw new Error('the CSV file is empty');
  const header = csvFields(lines[0]).map((h) => h.toLowerCase());
  const rows = lines.slice(1).map(csvFields);
  const out = { nps: [], csat: [], ces: [] };
  const kind = header.indexOf('kind');
  const score = header.indexOf('score');
  if (kind >= 0 && score >= 0) {
    for (const r of rows) {
      const k = (r[kind] || '').toLowerCase();
      if (k in out) out[k].push(r[score] === '' ? NaN : Number(r[score]));
    }
  } else {
    const cols = Object.keys(out).filter((k) => header.includes(k));
    if (!cols.length) throw new Error('expected columns kind and score, or columns named nps, csat or ces');
    for (const k of cols) {
      const i = header.indexOf(k);
      for (const r of rows) if (r[i] !== undefined && r[i] !== '') out[k].push(Number(r[i]));
    }
  }
  return out;
}

const fmt = (x, digits = 1) => x.toFixed(digits).replace('-', '−');

/** Counts of each whole answer from `lo` to `hi` (others are left to cx to reject). */
function histogram(values, lo, hi) {
  const counts = new Array(hi - lo + 1).fill(0);
  for (const v of values) if (Number.isInteger(v) && v >= lo && v <= hi) counts[v - lo]++;
  return counts;
}

/** Draws a bar chart of `counts` for answers `lo..` into `svg`, coloured by `colour(answer)`. */
function drawBars(svg, counts, lo, colour) {
  const W = 340, H = 150, top = 16, bottom = 20;
  const bw = W / counts.length;
  const max = Math.max(1, ...counts);
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  counts.forEach((c, i) => {
    const h = ((H - top - bottom) * c) / max;
    const x = i * bw;
    const rect = document.createElementNS(SVG, 'rect');
    Object.entries({ class: 'bar', x: x + 3, y: H - bottom - h, width: bw - 6, height: h, style: `fill: ${colour(lo + i)}`, rx: 2 })
      .forEach(([k, v]) => rect.setAttribute(k, v));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${lo + i}: ${c}`;
    rect.append(title);
    const label = document.createElementNS(SVG, 'text');
    Object.entries({ x: x + bw / 2, y: H - 6, 'text-anchor': 'middle' }).forEach(([k, v]) => label.setAttribute(k, v));
    label.textContent = String(lo + i);
    const count = document.createElementNS(SVG, 'text');
    Object.entries({ class: 'count', x: x + bw / 2, y: H - bottom - h - 4, 'text-anchor': 'middle' })
      .forEach(([k, v]) => count.setAttribute(k, v));
    count.textContent = c ? String(c) : '';
    svg.append(rect, label, count);
  });
}

const npsColour = (s) => (s >= 9 ? 'var(--promoter)' : s >= 7 ? 'var(--passive)' : 'var(--detractor)');
const levelText = (level) => `${Math.round(level * 100)}% CI`;

/** Shows one metric: `compute` returns the text lines, or throws a cx error. */
function show(name, values, compute) {
  const [score, ci, detail, error] = ['score', 'ci', 'detail', 'error'].map((k) => $(`${name}-${k}`));
  error.textContent = '';
  if (!values.length) {
    score.textContent = '—';
    ci.textContent = detail.textContent = '';
    return;
  }
  try {
    const out = compute(values);
    score.textContent = out.score;
    ci.textContent = out.ci;
    detail.textContent = out.detail;
  } catch (e) {
    score.textContent = '—';
    ci.textContent = detail.textContent = '';
    error.textContent = `${e.code || 'Error'}: ${e.message}`;
  }
}

function computeAll() {
  const level = Number($('level').value);
  const method = $('method').value;
  const answers = { nps: parseAnswers($('nps-input').value), csat: parseAnswers($('csat-input').value), ces: parseAnswers($('ces-input').value) };

  show('nps', answers.nps, (s) => {
    const r = nps(s, { level, method });
    return {
      score: fmt(r.score),
      ci: `${levelText(level)} ${fmt(r.ci[0])} to ${fmt(r.ci[1])}`,
      detail: `n = ${r.n} · promoters ${fmt(100 * r.promoters)}% · passives ${fmt(100 * r.passives)}% · detractors ${fmt(100 * r.detractors)}%`,
    };
  });
  drawBars($('nps-chart'), histogram(answers.nps, 0, 10), 0, npsColour);

  show('csat', answers.csat, (s) => {
    const r = csat(s, { level });
    return {
      score: `${fmt(r.score)}%`,
      ci: `${levelText(level)} ${fmt(r.ci[0])}% to ${fmt(r.ci[1])}% (Wilson)`,
      detail: `n = ${r.n} · satisfied ${r.satisfied} · mean ${fmt(r.mean, 2)}`,
    };
  });
  drawBars($('csat-chart'), histogram(answers.csat, 1, 5), 1, (s) => (s >= 4 ? 'var(--promoter)' : 'var(--passive)'));

  show('ces', answers.ces, (s) => {
    const r = ces(s, { level });
    return {
      score: fmt(r.mean, 2),
      ci: `${levelText(level)} ${fmt(r.ci[0], 2)} to ${fmt(r.ci[1], 2)} (t)`,
      detail: `n = ${r.n} · sd ${fmt(r.stdDev, 2)} · ${fmt(100 * r.agreeShare)}% agree it was easy`,
    };
  });
  drawBars($('ces-chart'), histogram(answers.ces, 1, 7), 1, (s) => (s >= 5 ? 'var(--promoter)' : 'var(--passive)'));
}

async function loadFile(file) {
  try {
    const parsed = parseCsv(await file.text());
    for (const k of ['nps', 'csat', 'ces']) $(`${k}-input`).value = parsed[k].join(' ');
    $('status').textContent = `${file.name}: ${parsed.nps.length} NPS, ${parsed.csat.length} CSAT, ${parsed.ces.length} CES answers`;
  } catch (e) {
    $('status').textContent = `${file.name}: ${e.message}`;
  }
  computeAll();
}

// ---------------------------------------------------------------- journeys tab

/** The loaded event table (`parseEvents` output), or null. */
let journeyData = null;

const pct = (x) => (x == null ? '—' : `${fmt(100 * x)}%`);

/** A duration in seconds as the largest sensible unit. */
function duration(s) {
  if (s == null) return '—';
  if (s < 120) return `${fmt(s, 0)} s`;
  if (s < 7200) return `${fmt(s / 60)} min`;
  if (s < 172800) return `${fmt(s / 3600)} h`;
  return `${fmt(s / 86400)} d`;
}

/** Fills a table body with rows of cells (the first cell a header-like label). */
function fillRows(tbody, rows) {
  tbody.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    tr.append(...cells.map((c) => Object.assign(document.createElement('td'), { textContent: c })));
    return tr;
  }));
}

/** Horizontal funnel bars: one per step, width proportional to the customers reaching it. */
function drawFunnel(svg, steps) {
  const W = 900, row = 30, left = 150, H = steps.length * row + 8;
  const max = Math.max(1, ...steps.map((s) => s.converted));
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  steps.forEach((s, i) => {
    const w = ((W - left - 140) * s.converted) / max;
    const y = 4 + i * row;
    const rect = document.createElementNS(SVG, 'rect');
    Object.entries({ class: 'bar funnel', x: left, y, width: w, height: row - 8, rx: 3 }).forEach(([k, v]) => rect.setAttribute(k, v));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${s.step}: ${s.converted}`;
    rect.append(title);
    const label = document.createElementNS(SVG, 'text');
    Object.entries({ x: left - 8, y: y + row / 2, 'text-anchor': 'end' }).forEach(([k, v]) => label.setAttribute(k, v));
    label.textContent = s.step;
    const count = document.createElementNS(SVG, 'text');
    Object.entries({ class: 'count', x: left + w + 6, y: y + row / 2 }).forEach(([k, v]) => count.setAttribute(k, v));
    count.textContent = `${s.converted} (${pct(s.conversionFromFirst)})`;
    svg.append(rect, label, count);
  });
}

/** The chosen funnel steps: the non-empty step selects, in order. */
const chosenSteps = () => [...document.querySelectorAll('select.step')].map((s) => s.value).filter(Boolean);

/** Offers the event names in every step select, choosing `defaults` (or the most frequent). */
function offerSteps(events) {
  const preferred = ['visit', 'signup', 'add_to_cart', 'purchase'].filter((e) => events.includes(e));
  const defaults = preferred.length >= 2 ? preferred : events.slice(0, 3);
  document.querySelectorAll('select.step').forEach((sel, i) => {
    sel.replaceChildren(new Option('—', ''), ...events.map((e) => new Option(e, e)));
    sel.value = defaults[i] || '';
  });
}

/** Recomputes the funnel and the attribution table from the loaded events and choices. */
function computeJourneys() {
  const [fErr, aErr] = [$('funnel-error'), $('attribution-error')];
  fErr.textContent = aErr.textContent = '';
  const ftbody = $('funnel-table').tBodies[0];
  const atable = $('attribution-table');
  if (!journeyData) return;
  const steps = chosenSteps();
  let report;
  try {
    if (!steps.length) throw Object.assign(new Error('choose at least one step'), { code: 'Funnel' });
    report = funnel(journeyData.table, steps, { window: $('window').value, order: $('order').value });
  } catch (e) {
    fErr.textContent = `${e.code || 'Error'}: ${e.message}`;
    ftbody.replaceChildren();
    $('funnel-chart').replaceChildren();
    atable.tHead.replaceChildren();
    atable.tBodies[0].replaceChildren();
    return;
  }
  drawFunnel($('funnel-chart'), report.steps);
  fillRows(ftbody, report.steps.map((s) => [s.step, String(s.converted), pct(s.conversionFromFirst), pct(s.conversionFromPrevious), duration(s.medianSecondsToConvert)]));

  const conversion = steps[steps.length - 1];
  $('attribution-hint').textContent = `Conversion: the first "${conversion}" of each customer; every event before it is a touch on its channel.`;
  try {
    const data = conversionPaths(journeyData.table, conversion);
    const results = MODELS.map(([model]) => attribution(data.paths, data.conversions, { model, nulls: data.nulls }));
    const head = document.createElement('tr');
    head.append(...['Channel', ...MODELS.map(([, label]) => label)].map((t) => Object.assign(document.createElement('th'), { textContent: t })));
    atable.tHead.replaceChildren(head);
    const channels = Object.keys(results[0].credits);
    const rows = channels.map((c) => [c, ...results.map((r) => fmt(r.credits[c]))]);
    rows.push(['total', ...results.map((r) => fmt(r.totalConversions))]);
    fillRows(atable.tBodies[0], rows);
    atable.dataset.journeys = String(data.paths.length);
  } catch (e) {
    aErr.textContent = `${e.code || 'Error'}: ${e.message}`;
    atable.tHead.replaceChildren();
    atable.tBodies[0].replaceChildren();
  }
}

/** Loads event CSV text named `name` into the journeys tab. */
function loadEvents(name, text) {
  try {
    journeyData = parseEvents(text);
    offerSteps(journeyData.events);
    $('journey-status').textContent = `${name}: ${journeyData.rows} events, ${journeyData.customers} customers, ${journeyData.events.length} event names`;
  } catch (e) {
    journeyData = null;
    $('journey-status').textContent = `${name}: ${e.message}`;
  }
  computeJourneys();
}

/** Shows the tab `name` (`surveys`, `journeys` or `feedback`). */
function showTab(name) {
  for (const t of ['surveys', 'journeys', 'feedback']) {
    $(t).hidden = t !== name;
    $(`tab-${t}`).setAttribute('aria-selected', String(t === name));
  }
}

await init();
$('status').textContent = 'ready: paste answers or drop a CSV';
document.body.dataset.ready = 'true';

for (const id of ['nps-input', 'csat-input', 'ces-input']) $(id).addEventListener('input', computeAll);
for (const id of ['level', 'method']) $(id).addEventListener('change', computeAll);
$('compute').addEventListener('click', computeAll);
$('csv-file').addEventListener('change', (e) => e.target.files[0] && loadFile(e.target.files[0]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files[0]) loadFile(e.dataTransfer.files[0]);
});
computeAll();

$('tab-surveys').addEventListener('click', () => showTab('surveys'));
$('tab-journeys').addEventListener('click', () => showTab('journeys'));
$('tab-feedback').addEventListener('click', () => showTab('feedback'));
$('events-file').addEventListener('change', async (e) => {
  const f = e.target.files[0];
  if (f) loadEvents(f.name, await f.text());
});
$('sample-events').addEventListener('click', async () => {
  const res = await fetch('../data/touchpoints.csv');
  loadEvents('touchpoints.csv', await res.text());
});
for (const id of ['step-1', 'step-2', 'step-3', 'step-4', 'window', 'order']) $(id).addEventListener('change', computeJourneys);
