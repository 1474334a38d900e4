/** Schemas of `GET /api/facets`: the query (the incident list's filters) and the answer. */
import { Type, type Static, type TSchema } from 'typebox';

export { IncidentFilterQuerySchema as FacetsQuerySchema, type IncidentFilterQuery as FacetsQuery } from './incidents.ts';

const facetValue = <T extends TSchema>(value: T, counted: string) =>
  Type.Object({ value, count: Type.Integer({ description: counted }) });

/**
 * `GET /api/facets`: the values the lists can be filtered by, with counts, over the incidents the filters select
 * (default: the active ones, file present) and their current (not archived) action items. Each incident facet is
 * counted under every filter except its own.
 */
export const FacetsSchema = Type.Object({
  years: Type.Array(facetValue(Type.Integer(), 'Incidents dated in the year, under every filter but `year`.'), {
    description: 'Years of dated incidents, newest first (`year` of `GET /api/incidents`).',
  }),
  tags: Type.Array(facetValue(Type.String(), 'Incidents with the tag, under every filter but `tag`.'), {
    description: 'Tags, most used first, then by value (`tag`).',
  }),
  severities: Type.Array(facetValue(Type.String(), 'Incidents with the severity in any case, under every filter but `severity`.'), {
    description:
      'Severities compared case-insensitively (`SEV1` and `sev1` are one), each shown as its most common spelling, by value (`severity`).',
  }),
  groups: Type.Array(facetValue(Type.String(), 'Current action items under the heading, of the incidents matching the filters.'), {
    description: 'Group headings of action items, most used first, then by value (`group` of `GET /api/action-items`).',
  }),
  owners: Type.Array(facetValue(Type.String(), 'Current action items of the owner in any case, of the incidents matching the filters.'), {
    description:
      'Owners of action items compared case-insensitively, each shown as its most common spelling, most used first, then by value (`owner` of `GET /api/action-items`).',
  }),
});
/** The type of `FacetsSchema`. */
export type Facets = Static<typeof FacetsSchema>;
