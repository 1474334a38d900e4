/** Reading and parsing one file for a command, with problems reported on stderr. */
import type { ParsedPostmortem } from '../domain/postmortem.ts';
import { readPostmortem } from '../files/read-postmortem.ts';
import { parsePostmortem } from '../parser/index.ts';
import type { CliIo } from './program.ts';

/** The parse options a command passes on. */
export interface FileParseOptions {
  /** Zone for reports that declare none (`ParseOptions.timezone`). Default: none. */
  timezone?: string | null;
  /** `owner/name` for bare `#12` references (`ParseOptions.repo`). Default: none. */
  repo?: string | null;
  /** Zone assumed when neither the report nor `timezone` gives one (`ParseOptions.defaultTimezone`). Default: UTC. */
  defaultTimezone?: string | null;
}

/** Reads and parses one file; null (after writing the reason to stderr) when that failed. */
export async function readAndParse(
  file: string,
  options: FileParseOptions,
  io: CliIo,
): Promise<ParsedPostmortem | null> {
  const read = await readPostmortem(file, { cwd: io.cwd });
  if (!read.ok) {
    io.stderr(`${read.error}\n`);
    return null;
  }
  try {
    return parsePostmortem(read.text, {
      file,
      timezone: options.timezone ?? null,
      defaultTimezone: options.defaultTimezone ?? null,
      repo: options.repo ?? null,
    });
  } catch (error) {
    // The parser promises not to throw; if it does, that file is reported and the others go on.
    io.stderr(`${file}: the parser failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return null;
  }
}
