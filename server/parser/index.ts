/** The postmortem parser: markdown in, a `ParsedPostmortem` out. Pure: no file system, no clock, no database. */
export { parsePostmortem } from './parse.ts';
export type * from '../domain/postmortem.ts';
