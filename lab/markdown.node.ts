// Lesson text to HTML on the server: marked for the Markdown, KaTeX for the math ($…$ inline,
// $$…$$ display). Math is cut out before Markdown sees it, so `_` and `*` inside formulas stay TeX.

import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension } from 'marked';
import { linkTerms, type LinkableTerm } from './term-links.ts';
import { headingSlug } from './slug.ts';

const tex = (source: string, displayMode: boolean): string =>
  // throwOnError false: a bad formula shows as red source text in the page instead of failing the
  // whole lesson; the course tests look for KaTeX's error class to catch it.
  katex.renderToString(source, { displayMode, throwOnError: false, output: 'htmlAndMathml' });

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/^ {0,3}\$\$/m)?.index,
  tokenizer(src) {
    const m = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/.exec(src);
    if (m) return { type: 'blockMath', raw: m[0], text: m[1]!.trim() };
    return undefined;
  },
  renderer: (token) => `<div class="math-display">${tex(token.text as string, true)}</div>\n`,
};

const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => src.indexOf('$') >= 0 ? src.indexOf('$') : undefined,
  tokenizer(src) {
    const display = /^\$\$([\s\S]+?)\$\$/.exec(src);
    if (display) return { type: 'inlineMath', raw: display[0], text: display[1]!.trim(), display: true };
    // No space just inside the dollars, no digit after the closing one ("costs $5 or $10" stays text),
    // and no backtick inside, so a dollar in running text cannot swallow a following `code span`.
    const inline = /^\$(?=\S)((?:\\.|[^\\$`\n])*?(?:\\.|[^\s\\$`]))\$(?!\d)/.exec(src);
    if (inline) return { type: 'inlineMath', raw: inline[0], text: inline[1]!, display: false };
    return undefined;
  },
  renderer: (token) => tex(token.text as string, token.display === true),
};

const marked = new Marked({ gfm: true }).use({
  extensions: [blockMath, inlineMath],
  renderer: {
    // Each heading gets an id from its source text, so links (and search hits) can open a section.
    heading({ tokens, depth, text }) {
      return `<h${depth} id="${headingSlug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

/** Renders lesson Markdown; each of `terms` is linked at its first use in running text. */
export function renderMarkdown(markdown: string, terms: readonly LinkableTerm[] = []): string {
  const tokens = marked.lexer(markdown);
  linkTerms(tokens, terms);
  return marked.parser(tokens);
}
