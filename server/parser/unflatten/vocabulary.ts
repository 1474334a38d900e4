/** Word lists more than one step reads: joining words, prepositions before a time, metadata keys. */
import { isUpper } from './chars.ts';

/** Lowercase joining words that keep a heading going (`Impact on users`); compared lowercase. */
export const CONNECTORS = new Set([
  'of', 'on', 'and', 'or', 'for', 'to', 'in', 'from', 'with', 'by', 'at', 'the', 'a', 'an', 'vs',
  'vs.', 'via', '&', '/', 'into', 'during', 'after', 'before', 'under', 'over', 'per', 'without',
]);

/** Words that make a following clock time part of a sentence (`between 4pm`, `at 18:00`); compared lowercase. */
export const PREPOSITIONS = new Set(['between', 'at', 'around', 'from', 'since', 'until', 'by', 'before', 'after', 'on', 'about']);

/** Known `Key:` labels of metadata lines (`Created By:`, `Last Modified:`), 1-3 words, compared lowercase. */
export const META_KEYS = new Set([
  'created by', 'last modified', 'last updated', 'author', 'authors', 'date', 'status', 'owner',
  'owners', 'severity', 'impact', 'duration', 'detected', 'resolved', 'started', 'incident commander',
  'reviewers', 'participants', 'written by', 'prepared by', 'updated', 'created', 'category',
  'time to detection', 'time to recovery', 'time to resolution', 'start time', 'end time',
  'incident date', 'review owner', 'impact time', 'ticket', 'slack channel', 'last edited',
]);

/** Whether `word` is a joining word written in lowercase (`on`, not `On`); false for `undefined`. */
export function isConnector(word: string | undefined): boolean {
  return word !== undefined && CONNECTORS.has(word) && !isUpper(word[0]);
}
