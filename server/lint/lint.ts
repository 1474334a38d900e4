/** Linting one parsed postmortem: the configured rules plus the parser's own diagnostics. */
import type { Diagnostic, ParsedPostmortem } from '../domain/postmortem.ts';
import { isClaimed, RULES } from './rules.ts';
import type { RuleLevel } from './rules.ts';

/** A lint message: a diagnostic tied to its file. */
export interface LintMessage extends Diagnostic {
  file: string;
}

/** Rule id → level; rules missing from the map use their default level. */
export type RuleLevels = Readonly<Record<string, RuleLevel>>;

/**
 * The lint messages for one postmortem, in line order (whole-file messages first). Each rule not
 * `off` in `levels` (default: every rule at its default level) reports its findings under its id
 * at its level; parser diagnostics no rule claims pass through with their own severity and code.
 */
export function lintPostmortem(parsed: ParsedPostmortem, file: string, levels: RuleLevels = {}): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const rule of RULES) {
    const level = levels[rule.id] ?? rule.defaultLevel;
    if (level === 'off') continue;
    for (const finding of rule.check(parsed)) {
      messages.push({ file, line: finding.line, severity: level, code: rule.id, message: finding.message });
    }
  }
  for (const diagnostic of parsed.diagnostics) {
    if (isClaimed(diagnostic)) continue;
    const { line, severity, code, message } = diagnostic;
    messages.push({ file, line, severity, code, message });
  }
  return messages.sort(compareMessages);
}

/** Orders messages by file (code-point order), then line (null first); stable otherwise. */
export function compareMessages(a: LintMessage, b: LintMessage): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0);
}
