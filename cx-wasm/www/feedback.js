// The feedback tab: every pasted comment (one per line) is scored live by cxkit-wasm's
// VADER-style `sentiment`, with the share of negative comments and, among them, the most
// frequent words and phrases (`feedbackThemes`). No formula lives here.
import init, { sentiment, feedbackThemes } from '../pkg/cx_wasm.js';

const $ = (id) => document.getElementById(id);

/** Comments pasted one per line (blank lines dropped). */
export function parseComments(text) {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

const signed = (x) => x.toFixed(3).replace('-', '−');

/** Scores the textarea's comments and fills the summary, the table and the themes. */
function computeFeedback() {
  const comments = parseComments($('feedback-input').value);
  const tbody = $('feedback-table').tBodies[0];
  $('feedback-error').textContent = '';
  if (!comments.length) {
    $('feedback-summary').textContent = 'no comments yet';
    tbody.replaceChildren();
    $('feedback-themes').textContent = '';
    return;
  }
  try {
    const scores = sentiment(comments);
    tbody.replaceChildren(...scores.map((s, i) => {
      const tr = document.createElement('tr');
      tr.className = s.label;
      for (const c of [comments[i], signed(s.compound), s.label]) {
        tr.append(Object.assign(document.createElement('td'), { textContent: c }));
      }
      return tr;
    }));
    const negative = scores.filter((s) => s.label === 'negative').length;
    $('feedback-summary').textContent =
      `${comments.length} comments, ${negative} negative (${(100 * negative / comments.length).toFixed(1)}%)`;
    const themes = feedbackThemes(comments, { top: 5 }).themes;
    $('feedback-themes').textContent = themes.length
      ? `Negative themes: ${themes.map((t) => `${t.term} (${t.comments})`).join(', ')}`
      : '';
  } catch (e) {
    $('feedback-error').textContent = `${e.code}: ${e.message}`;
  }
}

await init();
$('feedback-input').addEventListener('input', computeFeedback);
computeFeedback();
