// The README's JS quick tour as runnable code. Each `console.log(...); // expected` line
// becomes a check that the logged values, as JSON joined by spaces, equal the comment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { rootDir } from './target.mjs';

/** The first ```js block after the heading `### <section>` of README.md. */
export function snippet(section) {
  const text = readFileSync(join(rootDir, 'README.md'), 'utf8');
  const at = text.indexOf(`\n### ${section}\n`);
  if (at < 0) throw new Error(`README.md has no "### ${section}" section`);
  const m = /```js\n([^]*?)```/.exec(text.slice(at));
  if (!m) throw new Error(`README.md "### ${section}" has no js block`);
  return m[1];
}

/** The snippet with its `console.log(...); // expected` lines turned into `__check` calls. */
export function instrument(code) {
  let checks = 0;
  const out = code
    .split('\n')
    .map((line) => {
      const m = /^(\s*)console\.log\((.*)\);\s*\/\/\s*(.*)$/.exec(line);
      if (!m) return line;
      checks++;
      return `${m[1]}__check([${m[2]}], ${JSON.stringify(m[3])}, ${JSON.stringify(m[2])});`;
    })
    .join('\n');
  return { code: out, checks };
}

/** The check the instrumented code calls; `failures` collects what did not match. */
export function checker(failures) {
  return (values, expected, source) => {
    const got = values.map((v) => JSON.stringify(v)).join(' ');
    if (got !== expected) failures.push(`${source}: expected ${expected}, got ${got}`);
  };
}
