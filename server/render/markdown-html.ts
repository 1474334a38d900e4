/**
 * Markdown → sanitized HTML for showing a postmortem in the browser, the way GitHub shows it. GitHub-flavoured
 * markdown (tables, task lists, autolinks, strikethrough); front matter is dropped; raw HTML in the markdown is
 * parsed (rehype-raw: `<br>` in a table cell, `<kbd>`, `<sub>`, `<details>` keep working) and everything is then
 * cleaned with rehype-sanitize's default schema, which is GitHub's: no scripts, styles, iframes or event handlers,
 * no `javascript:` URLs, element ids prefixed with `user-content-`.
 */
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** Front matter nodes turn into nothing (the default would print their YAML as text). */
const dropNode = () => undefined;

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true, handlers: { yaml: dropNode, toml: dropNode } })
  .use(rehypeRaw)
  .use(rehypeSanitize)
  .use(rehypeStringify)
  .freeze();

/**
 * Renders `markdown` to an HTML fragment that is safe to insert into a page. Synchronous and pure; never throws
 * on any input (markdown has no syntax errors), an empty document gives `''`.
 */
export function renderMarkdownHtml(markdown: string): string {
  return String(processor.processSync(markdown));
}
