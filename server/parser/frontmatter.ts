/** YAML front matter: read with a real YAML parser; problems become diagnostics, never exceptions. */
import type { Root } from 'mdast';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../domain/postmortem.ts';

export interface FrontMatter {
  /** Scalar values as strings (dates as `YYYY-MM-DD`), lists joined by `, `; keys lowercased. */
  values: Record<string, string>;
  /** List-valued keys (e.g. `tags`), each item a string. */
  lists: Record<string, string[]>;
  /** 1-based line of the opening `---`. */
  line: number;
  /** 1-based line of each top-level key (lowercased) in the document, for diagnostics about its value. */
  keyLines: Record<string, number>;
}

/** Read the front matter block of `tree`, if any. Invalid YAML yields an empty result and a diagnostic. */
export function readFrontMatter(tree: Root, diagnostics: Diagnostic[]): FrontMatter | null {
  const node = tree.children[0];
  if (!node || node.type !== 'yaml') return null;
  const line = node.position?.start.line ?? 1;
  const result: FrontMatter = { values: {}, lists: {}, line, keyLines: {} };
  const lines = new LineCounter();
  const doc = parseDocument(node.value, { prettyErrors: false, uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const at = err.linePos?.[0]?.line;
    diagnostics.push({
      severity: 'warning',
      code: 'frontmatter-invalid',
      message: `front matter is not valid YAML: ${err.message.split('\n')[0]}`,
      line: at ? line + at : line,
    });
    return result;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch {
    data = null;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return result;
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
      // The YAML starts on the line after the opening `---`.
      result.keyLines[String(pair.key.value).toLowerCase().trim()] = line + lines.linePos(pair.key.range[0]).line;
    }
  }
  for (const [rawKey, value] of Object.entries(data as Record<string, unknown>)) {
    const key = rawKey.toLowerCase().trim();
    if (Array.isArray(value)) {
      const items = value.map(scalar).filter((v): v is string => v !== null && v !== '');
      result.lists[key] = items;
      result.values[key] = items.join(', ');
    } else {
      const v = scalar(value);
      if (v !== null) result.values[key] = v;
    }
  }
  return result;
}

function scalar(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
