import { describe, expect, it } from 'vitest';
import { renderMarkdownHtml } from '../../server/render/markdown-html.ts';

describe('renderMarkdownHtml', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdownHtml('# Title\n\n- [x] done\n- [ ] not\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ https://example.com');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<input type="checkbox" checked disabled> done');
    expect(html).toContain('<table>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('<a href="https://example.com">https://example.com</a>');
  });

  it('drops YAML and TOML front matter', () => {
    expect(renderMarkdownHtml('---\ntitle: Secret\n---\n# Shown')).toBe('<h1>Shown</h1>');
    expect(renderMarkdownHtml('+++\ntitle = "Secret"\n+++\n# Shown')).toBe('<h1>Shown</h1>');
  });

  it('lets no script through', () => {
    const html = renderMarkdownHtml(
      [
        '<script>alert(1)</script>',
        '',
        '[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,<script>alert(1)</script>)',
        '',
        '<img src=x onerror=alert(1)>',
        '',
        '![pic](javascript:alert(1))',
        '',
        '<a href="javascript:alert(1)">raw link</a> <div onclick="alert(1)">raw div</div>',
        '',
        '<svg onload=alert(1)></svg><iframe src="https://evil.example"></iframe><style>body{}</style>',
      ].join('\n'),
    );
    expect(html).not.toMatch(/<script|<svg|<iframe|<style|onerror|onload|onclick|javascript:|data:text/i);
    expect(html).toContain('<a>x</a>');
    // Raw HTML is kept as GitHub keeps it: the elements it allows, without handlers or dangerous URLs.
    expect(html).toContain('<img alt="pic">');
    expect(html).toContain('<img src="x">');
    expect(html).toContain('<a>raw link</a>');
    expect(html).toContain('<div>raw div</div>');
  });

  it('keeps the raw HTML GitHub keeps: <br> in table cells, <kbd>, <sub>, <details>', () => {
    const html = renderMarkdownHtml('| time | event |\n|---|---|\n| 10:00 | one<br>two |\n\n<kbd>Ctrl</kbd> H<sub>2</sub>O\n\n<details><summary>log</summary>hidden</details>');
    expect(html).toContain('<td>one<br>two</td>');
    expect(html).toContain('<kbd>Ctrl</kbd> H<sub>2</sub>O');
    expect(html).toContain('<details><summary>log</summary>hidden</details>');
  });

  it('keeps safe links and prefixes element ids', () => {
    const html = renderMarkdownHtml('[ok](https://example.com/a?b=1) [mail](mailto:a@example.com)\n\nNote[^1]\n\n[^1]: the note');
    expect(html).toContain('href="https://example.com/a?b=1"');
    expect(html).toContain('href="mailto:a@example.com"');
    expect(html).toMatch(/id="user-content-/);
  });

  it('gives an empty string for an empty document', () => {
    expect(renderMarkdownHtml('')).toBe('');
  });
});
