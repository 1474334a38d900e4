/** Printing diagnostics and lint messages: plain text lines, GitHub Actions annotations, a summary. */
import type { Diagnostic, Severity } from '../domain/postmortem.ts';
import type { LintMessage } from '../lint/lint.ts';

/** `file:line: severity code message`; without `:line` when the message is about the whole file. */
export function formatMessageLine(file: string, diagnostic: Diagnostic): string {
  const where = diagnostic.line === null ? file : `${file}:${diagnostic.line}`;
  return `${where}: ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`;
}

const ANNOTATION_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * A GitHub Actions workflow command that annotates the file:
 * `::error file=F,line=L,title=CODE::message` (`info` becomes `notice`; no `line=` for whole-file messages).
 */
export function formatGithubAnnotation(message: LintMessage): string {
  const properties = [`file=${escapeProperty(message.file)}`];
  if (message.line !== null) properties.push(`line=${message.line}`);
  properties.push(`title=${escapeProperty(message.code)}`);
  return `::${ANNOTATION_COMMAND[message.severity]} ${properties.join(',')}::${escapeData(message.message)}`;
}

/** Escapes a workflow command's message: `%`, `\r`, `\n` (as GitHub's toolkit does). */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a workflow command property value: as {@link escapeData}, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** `3 files, 1 error, 2 warnings` (infos are counted only when there are some). */
export function formatSummary(fileCount: number, messages: readonly Diagnostic[]): string {
  const count = (severity: Severity): number => messages.filter((m) => m.severity === severity).length;
  const parts = [plural(fileCount, 'file'), plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  const infos = count('info');
  if (infos > 0) parts.push(plural(infos, 'info'));
  return parts.join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
