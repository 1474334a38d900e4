/** Schemas of the link routes of action items: add a link, remove one, create a GitHub issue for an item. */
import { Type, type Static } from 'typebox';
import { MAX_LINK_LENGTH } from '../../actions/link-ref.ts';

/** `:id`, an action item. */
export const ActionItemParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1, description: 'The action item.' }) });
/** The type of `ActionItemParamsSchema`. */
export type ActionItemParams = Static<typeof ActionItemParamsSchema>;

/** `:id/links/:linkId`, one link of an action item. */
export const ActionItemLinkParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'The action item.' }),
  linkId: Type.Integer({ minimum: 1, description: 'The link (its `id`).' }),
});
/** The type of `ActionItemLinkParamsSchema`. */
export type ActionItemLinkParams = Static<typeof ActionItemLinkParamsSchema>;

/** `POST /api/action-items/:id/links` body. */
export const LinkRequestSchema = Type.Object(
  {
    ref: Type.String({
      minLength: 1,
      maxLength: MAX_LINK_LENGTH,
      description:
        'A GitHub issue or pull request URL, `owner/repo#12`, `#12` (in the default repository, `HINDSIGHT_REPO`), a commit URL, or any http(s) URL.',
    }),
  },
  { additionalProperties: false },
);
/** The type of `LinkRequestSchema`. */
export type LinkRequest = Static<typeof LinkRequestSchema>;

/** `POST /api/action-items/:id/issue` body; no body at all is `{}`. */
export const CreateIssueRequestSchema = Type.Object(
  {
    repo: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 140,
        description: '`owner/name` to create the issue in. Default: the configured repository (`HINDSIGHT_REPO`).',
      }),
    ),
    force: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Create it even when the item already has an open (or not yet synced) issue in that repository. Default: false.',
      }),
    ),
  },
  { additionalProperties: false },
);
/** The type of `CreateIssueRequestSchema`. */
export type CreateIssueRequest = Static<typeof CreateIssueRequestSchema>;
