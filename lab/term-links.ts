// Links lesson text to the glossary: the first use of each defined term in running text becomes a
// link to the term's glossary entry, with its one-line definition as the tooltip. Headings, code,
// math and existing links are left alone, so a link never lands inside a formula or another link.

import type { Token, Tokens } from 'marked';

export interface LinkableTerm {
  term: string;
  definition: string;
  href: string;
}

/** Token types whose text is not running prose (or is already a link). */
const SKIP = new Set(['heading', 'code', 'codespan', 'link', 'image', 'html', 'blockMath', 'inlineMath']);

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A global regular expression finding any of `terms` as whole words, in any case, with an optional
 * plural s/es; group 1 is the term as written. Longer terms are tried first, so "dead ReLU" wins over
 * "ReLU" where both match.
 */
export function termPattern(terms: readonly string[]): RegExp {
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}_-])(${alternatives.join('|')})(?:e?s)?(?![\\p{L}\\p{N}_-])`, 'giu');
}

/**
 * Rewrites `tokens` (from marked's lexer) in place so that each term's first use is a link. Terms
 * match whole words, in any case, with an optional plural s/es; where terms overlap ("ReLU" inside
 * "dead ReLU") the longest wins.
 */
export function linkTerms(tokens: Token[], terms: readonly LinkableTerm[]): void {
  if (terms.length === 0) return;
  const byKey = new Map(terms.map((t) => [t.term.toLowerCase(), t]));
  const pattern = termPattern([...byKey.keys()]);
  const linked = new Set<string>();

  const splitText = (token: Tokens.Text): Token[] => {
    const out: Token[] = [];
    let last = 0;
    for (const m of token.text.matchAll(pattern)) {
      const key = m[1]!.toLowerCase();
      if (linked.has(key)) continue;
      linked.add(key);
      const term = byKey.get(key)!;
      if (m.index > last) out.push(textToken(token.text.slice(last, m.index)));
      const html = `<a class="term" href="${escapeHtml(term.href)}" title="${escapeHtml(term.definition)}">${escapeHtml(m[0])}</a>`;
      out.push({ type: 'html', raw: m[0], text: html, block: false, pre: false } as Tokens.HTML);
      last = m.index + m[0].length;
    }
    if (out.length === 0) return [token];
    if (last < token.text.length) out.push(textToken(token.text.slice(last)));
    return out;
  };

  const walk = (list: Token[]): void => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      if (SKIP.has(token.type)) continue;
      if (token.type === 'text' && !(token as Tokens.Text).tokens && !(token as Tokens.Text).escaped) {
        const parts = splitText(token as Tokens.Text);
        list.splice(i, 1, ...parts);
        i += parts.length - 1;
        continue;
      }
      if (token.type === 'list') for (const item of (token as Tokens.List).items) walk(item.tokens);
      else if (token.type === 'table') {
        const table = token as Tokens.Table;
        for (const cell of table.header) walk(cell.tokens);
        for (const row of table.rows) for (const cell of row) walk(cell.tokens);
      } else if ('tokens' in token && Array.isArray(token.tokens)) walk(token.tokens);
    }
  };
  walk(tokens);
}

const textToken = (text: string): Tokens.Text => ({ type: 'text', raw: text, text, escaped: false });
