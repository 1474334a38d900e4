/**
 * Titles and incident dates from the places people put them: front matter, the H1 (`# 2018-01-25 - Title`,
 * `# Incident on March 3, 2021: Title`, `# January 23rd, 2019 Prow Outage`, `# Incident report May 12 2025 - X`,
 * `[Incident] {{ Hubs throwing 505 errors }}`), or the file name (`2018-01-25-helm-chart-upgrade.md`,
 * `PM2021-011 - Log4Shell.md`).
 */
import { findDate, formatDate, type DateParts } from './datetime.ts';
import { collapse } from './text.ts';

export interface TitleParts {
  /** The title without dates, prefixes or template braces; null when nothing is left. */
  title: string | null;
  /** A date written in the title, else null. */
  date: DateParts | null;
}

const PREFIX =
  /^(?:\[(?:incident|postmortem|post-mortem|outage)\]\s*)?(?:(?:(?:incident|outage)\s+(?:report|review|postmortem|post-mortem|retrospective)|post-?mortem(?:\s+report)?|post-incident review|retrospective|rca)(?:\s*(?:on|for|of|from)\b)?\s*[:\-–—]?\s*|(?:incident|outage)(?:\s+on\s+(?=\d|[A-Za-z]{3,9}\.?\s+\d)|\s*[:\-–—]\s*))/i;
const SEPARATORS = /^[\s:\-–—|,.]+|[\s:\-–—|,]+$/g;

/** Split a written title into its text and the date it carries. */
export function cleanTitle(raw: string): TitleParts {
  let text = collapse(raw.replace(/\{\{|\}\}/g, ' '));
  let date: DateParts | null = null;
  text = text.replace(/^\[(?:incident|postmortem|post-mortem|outage)\]\s*/i, '');
  const prefixed = PREFIX.exec(text);
  const afterPrefix = prefixed ? text.slice(prefixed[0].length) : text;
  const found = findDate(afterPrefix);
  if (found && found.index <= 1) {
    date = found.date;
    const rest = afterPrefix.slice(found.index + found.length).replace(SEPARATORS, '');
    // `Incident report - 2023-04-04`: nothing but the date follows, so the prefix is the title.
    text = rest || (prefixed ? prefixed[0].replace(SEPARATORS, '') : text);
  } else if (prefixed && afterPrefix.trim()) {
    // `Incident: Database failover` keeps only what follows the prefix; a bare `Incident report` stays as written.
    text = afterPrefix;
  }
  if (!date) {
    const trailing = findDate(text);
    if (trailing && trailing.index + trailing.length >= text.length - 1 && trailing.index > 0) {
      date = trailing.date;
      const rest = text.slice(0, trailing.index).replace(SEPARATORS, '').replace(/\s+(?:on|of)$/i, '');
      if (rest) text = rest;
    }
  }
  text = text.replace(SEPARATORS, '').trim();
  return { title: text || null, date };
}

export interface FileNameParts {
  /** A title made from the file name (`helm chart upgrade`), or null. */
  title: string | null;
  /** An ISO date at the start of the file name, else null. */
  date: string | null;
  /** An identifier such as `PM2021-011`, else null. */
  id: string | null;
}

/** What a file name says: `docs/2018-01-25-helm-chart-upgrade.qmd`, `PM2021-011 - Log4Shell.md`. */
export function fileNameParts(path: string | null | undefined): FileNameParts {
  if (!path) return { title: null, date: null, id: null };
  const base = path.split(/[\\/]/).pop() ?? '';
  let stem = base.replace(/\.(?:md|markdown|qmd|mdx|txt|rmd)$/i, '');
  let date: string | null = null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?=$|[-_ .])/.exec(stem);
  if (iso) {
    date = formatDate({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) });
    stem = stem.slice(iso[0].length);
  }
  let id: string | null = null;
  const idMatch = /^([A-Z]{2,}[-_]?\d{2,}(?:-\d+)?)\b/.exec(stem.trim());
  if (idMatch) {
    id = idMatch[1]!;
    stem = stem.trim().slice(idMatch[0].length);
  }
  const words = collapse(stem.replace(/[-_]+/g, ' ').replace(/%20/g, ' ')).replace(SEPARATORS, '');
  if (!date) {
    // `May-9-2021-outage.md`, `outage-27-april-2023.md`: a written date with its year anywhere in the name.
    const found = findDate(words);
    if (found && found.date.year !== null) date = formatDate(found.date);
  }
  const title = words ? words.charAt(0).toUpperCase() + words.slice(1) : null;
  return { title, date, id };
}
