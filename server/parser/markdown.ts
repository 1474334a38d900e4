/** The one markdown reader: CommonMark + GFM (tables, task lists, autolinks, footnotes) + YAML front matter. */
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

/** Parse markdown into an mdast tree with positions. */
export function toMdast(markdown: string): Root {
  return processor.parse(markdown);
}
