/**
 * The shape of a parsed postmortem: what the parser produces, what `hindsight parse --json` prints,
 * and what the store will keep. Plain data only (JSON-serialisable), so every layer can share it.
 */

/** Where the time zone used for the timeline came from. */
export type TimezoneSource =
  /** a sentence or heading in the body: `All times in PST`, `## Timeline (times in BST)`, a table header */
  | 'declared'
  /** zones written on the entries themselves (`- 2:54 PM PST: ...`) and nowhere else */
  | 'inline'
  /** a `timezone:` key in the YAML front matter */
  | 'frontmatter'
  /** the caller's `timezone` option (the CLI's `--timezone`) */
  | 'option'
  /** nothing was declared: the default zone was assumed (see the `timezone-assumed` diagnostic) */
  | 'default';

/** What a timeline entry describes, guessed from its words. */
export type TimelineKind =
  | 'deploy'
  | 'rollback'
  | 'detection'
  | 'mitigation'
  | 'resolution'
  | 'communication'
  | 'other';

/** What a section of the document is for, from its heading. */
export type SectionKind =
  | 'summary'
  | 'impact'
  | 'timeline'
  | 'root-cause'
  | 'detection'
  | 'resolution'
  | 'lessons'
  | 'action-items'
  | 'stats'
  | 'attendees'
  | 'appendix'
  | 'meta-checklist'
  | 'other';

export interface Section {
  /** The heading text as written (inline markdown flattened to text). */
  heading: string;
  kind: SectionKind;
  /** 1-based line of the heading. */
  line: number;
}

export interface TimelineEntry {
  /** Local date `YYYY-MM-DD` of the event (inherited, rolled over or from the incident date), or null. */
  date: string | null;
  /** Local wall-clock time `HH:MM` (24 h, seconds dropped), or null when the author gave none or a placeholder. */
  time: string | null;
  /** End of a range (`8:20 - 8:24` → `08:24`), else null. */
  endTime: string | null;
  /** The instant in UTC (`2018-01-25T22:30:00Z`), or null when date or time is unknown. */
  at: string | null;
  /** The time zone `at` was computed in (IANA name or `±HH:MM`), or null when `at` is null. */
  timezone: string | null;
  /** `~`, `ca.`, `around`, `approx.` ... */
  approximate: boolean;
  /** The event text, inline markdown flattened, white space collapsed. */
  text: string;
  kind: TimelineKind;
  /** 1-based line where the entry starts. */
  line: number;
}

/** A point in the incident's life. */
export interface Milestone {
  date: string | null;
  time: string | null;
  at: string | null;
  line: number;
  /** `stated`: the report says so (`Outage begins`, `First detected: ...`); `inferred`: from the timeline's event kinds. */
  source: 'stated' | 'inferred';
}

export interface Milestones {
  started: Milestone | null;
  detected: Milestone | null;
  /** When the incident was declared (opened), where the report says so. */
  declared: Milestone | null;
  mitigated: Milestone | null;
  resolved: Milestone | null;
}

export type LinkKind = 'issue' | 'pull' | 'commit' | 'other';

export interface Link {
  /** Absolute URL, or null for a bare `#12` with no default repository to resolve it against. */
  url: string | null;
  /** `owner/name` for GitHub links and references, else null. */
  repo: string | null;
  /** Issue or pull request number, else null. */
  number: number | null;
  kind: LinkKind;
}

export interface ActionItem {
  /** The item's text, inline markdown flattened, white space collapsed, checkbox and status markers removed. */
  text: string;
  /** The sub-heading (or bold label) the item sits under inside its container, else null. */
  group: string | null;
  /** `[x]` or `(done)` → true, `[ ]` → false, nothing written → null. */
  done: boolean | null;
  /** `@alice`, `Owner: Alice`, `(Rasmus ...)`: who the report names, else null. */
  owner: string | null;
  /** Due date `YYYY-MM-DD` where written, else null. */
  due: string | null;
  links: Link[];
  /** 1-based line where the item starts. */
  line: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** A stable kebab-case code, e.g. `timezone-assumed`, `time-placeholder`. */
  code: string;
  message: string;
  /** 1-based line, or null for the whole file. */
  line: number | null;
}

export interface ParsedPostmortem {
  /** The path given in the options, or null. */
  file: string | null;
  title: string | null;
  /** `YYYY-MM-DD`: the day the incident began. */
  date: string | null;
  /** IANA name or `±HH:MM`, or null when nothing was declared and no default was given. */
  timezone: string | null;
  /** Where `timezone` came from; null when `timezone` is null. */
  timezoneSource: TimezoneSource | null;
  /** The zone exactly as the report declared it (`PDT (UTC-7)`), or null. */
  declaredTimezone: string | null;
  summary: string | null;
  sections: Section[];
  timeline: TimelineEntry[];
  milestones: Milestones;
  actionItems: ActionItem[];
  /** Key/value metadata the report states (front matter keys, `Severity: ...`, dfds `# Stats`), strings only. */
  metadata: Record<string, string>;
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /** Path of the file, used for `file`, for a title or date taken from the file name, and in messages. */
  file?: string | null;
  /**
   * Zone for reports that declare none, given explicitly by the caller (the CLI's `--timezone`):
   * IANA name, abbreviation or `±HH:MM`. A zone the report declares still wins. Default: none.
   */
  timezone?: string | null;
  /**
   * Zone assumed when neither the report nor `timezone` gives one (the configured default,
   * `HINDSIGHT_TIMEZONE`). Default: `UTC`. Using it adds a `timezone-assumed` warning.
   */
  defaultTimezone?: string | null;
  /** `owner/name` that bare `#12` references resolve against. Default: none (the link keeps `repo: null`). */
  repo?: string | null;
}
