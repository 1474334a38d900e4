/**
 * Markdown → sanitized HTML for showing a postmortem in the browser. GitHub-flavoured markdown (tables, task
 * lists, autolinks, strikethrough); front matter is dropped; raw HTML in the markdown never passes (it is not
 * even parsed into the output tree), and what remains is cleaned with rehype-sanitize's default schema (GitHub's:
 * no scripts, no event handlers, no `javascript:` URLs, element ids prefixed with `user-content-`).
 */
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
  .use(remarkRehype, { allowDangerousHtml: false, handlers: { yaml: dropNode, toml: dropNode } })
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
