/** Schema of `GET /api/facets`. */
import { Type, type Static, type TSchema } from 'typebox';

const facetValue = <T extends TSchema>(value: T, counted: string) =>
  Type.Object({ value, count: Type.Integer({ description: counted }) });

/**
 * `GET /api/facets`: the values the lists can be filtered by, with counts, over active incidents (file present)
 * and their current (not archived) action items.
 */
export const FacetsSchema = Type.Object({
  years: Type.Array(facetValue(Type.Integer(), 'Incidents dated in the year.'), {
    description: 'Years of dated incidents, newest first (`year` of `GET /api/incidents`).',
  }),
  tags: Type.Array(facetValue(Type.String(), 'Incidents with the tag.'), {
    description: 'Tags, most used first, then by value (`tag`).',
  }),
  severities: Type.Array(facetValue(Type.String(), 'Incidents with the severity, in any case.'), {
    description:
      'Severities compared case-insensitively (`SEV1` and `sev1` are one), each shown as its most common spelling, by value (`severity`).',
  }),
  groups: Type.Array(facetValue(Type.String(), 'Current action items under the heading.'), {
    description: 'Group headings of action items, most used first, then by value (`group` of `GET /api/action-items`).',
  }),
});
/** The type of `FacetsSchema`. */
export type Facets = Static<typeof FacetsSchema>;
