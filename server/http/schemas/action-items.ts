/** Schemas of action items: the item views, their links, the list query and page. */
import { Type, type Static } from 'typebox';
import { LimitSchema, Nullable, OffsetSchema } from './common.ts';
import { LINK_STATES } from '../../domain/link-state.ts';
import { ACTION_ITEM_SORTS } from '../../db/queries/action-item-list.ts';
import { STATUS_SOURCES } from '../../db/schema.ts';
import { ItemSafeguardSchema } from './safeguards.ts';

/** The statuses an action item can have. */
export const ActionItemStatusSchema = Type.Enum(['open', 'in-progress', 'done', 'wont-do']);
/** The type of `ActionItemStatusSchema`. */
export type ActionItemStatus = Static<typeof ActionItemStatusSchema>;

/** A link of an action item to a GitHub issue, pull request, commit or any URL, with what the sync learned. */
export const ActionItemLinkSchema = Type.Object({
  id: Type.Integer(),
  source: Type.Enum(['markdown', 'service', 'github'], {
    description: 'Written in the markdown, added through the service, or found on GitHub (a pull request that references a linked issue).',
  }),
  ref: Type.String({ description: 'The URL, or `#12` for a bare reference with no repository.' }),
  url: Nullable(Type.String()),
  repo: Nullable(Type.String({ description: '`owner/name`' })),
  number: Nullable(Type.Integer()),
  kind: Type.Enum(['issue', 'pull', 'commit', 'other']),
  state: Nullable(Type.String({ description: '`open`, `closed`, `merged`, from the GitHub sync.' })),
  stateReason: Nullable(Type.String()),
  title: Nullable(Type.String()),
  assignees: Type.Array(Type.String()),
  labels: Type.Array(Type.String()),
  dueOn: Nullable(Type.String()),
  syncedAt: Nullable(Type.String()),
  syncError: Nullable(Type.String()),
});
/** The type of `ActionItemLinkSchema`. */
export type ActionItemLink = Static<typeof ActionItemLinkSchema>;

/** What an item's links say, in one word, for lists and badges. */
export const LinkStateSchema = Type.Enum([...LINK_STATES], {
  description:
    '`none`: no link; `open`, `in-progress`, `done`, `wont-do`: what the synced GitHub issues and pull requests say; ' +
    '`error`: nothing synced says anything and the last sync of a link failed; `unsynced`: an issue or pull request not ' +
    'synced yet; `untracked`: only links GitHub cannot tell about (plain URLs, commits).',
});
/** The type of `LinkStateSchema`. */
export type LinkState = Static<typeof LinkStateSchema>;

const itemFields = {
  id: Type.Integer(),
  text: Type.String(),
  group: Nullable(Type.String({ description: 'The sub-heading the item sits under.' })),
  status: ActionItemStatusSchema,
  statusSource: Type.Enum([...STATUS_SOURCES], { description: 'Who decided the status.' }),
  done: Nullable(Type.Boolean({ description: 'What the markdown says: `[x]` true, `[ ]` false, nothing null.' })),
  owner: Nullable(Type.String()),
  due: Nullable(Type.String({ description: '`YYYY-MM-DD`' })),
  line: Type.Integer({ description: '1-based line in the markdown.' }),
  overdue: Type.Boolean({ description: 'Open or in progress, due before today.' }),
  archived: Type.Boolean({ description: 'Removed from the markdown (kept with its links).' }),
  links: Type.Array(ActionItemLinkSchema),
  linkState: LinkStateSchema,
  statusConflict: Nullable(
    Type.String({ description: 'Why the markdown and GitHub disagree about the status (`ticked in the report, but o/r#14 closed as not planned`).' }),
  ),
  ownerSource: Type.Union([Type.Enum(['markdown', 'github']), Type.Null()], { description: "The markdown, or a linked issue's assignee." }),
  dueSource: Type.Union([Type.Enum(['markdown', 'github']), Type.Null()], { description: "The markdown, or a linked issue's milestone due date." }),
  safeguards: Type.Array(ItemSafeguardSchema, { description: 'The safeguards that implement it, with their verification state.' }),
};

/** An action item as part of its incident's detail. */
export const IncidentActionItemSchema = Type.Object({
  ...itemFields,
  position: Type.Integer({ description: 'Order in the markdown, 0-based.' }),
  doneAt: Nullable(Type.String({ description: 'When the item was first seen done.' })),
  archivedAt: Nullable(Type.String()),
});
/** The type of `IncidentActionItemSchema`. */
export type IncidentActionItem = Static<typeof IncidentActionItemSchema>;

/** An action item in the cross-incident list, with its incident. */
export const ActionItemViewSchema = Type.Object({
  ...itemFields,
  ageDays: Nullable(
    Type.Integer({ description: 'Open or in progress: days since the incident date (or since the item was first seen).' }),
  ),
  incident: Type.Object({
    slug: Type.String(),
    title: Nullable(Type.String()),
    date: Nullable(Type.String()),
    removed: Type.Boolean(),
  }),
});
/** The type of `ActionItemViewSchema`. */
export type ActionItemView = Static<typeof ActionItemViewSchema>;

/** Action items by status, and how many of them are overdue. */
export const ActionItemCountsSchema = Type.Object(
  {
    open: Type.Integer(),
    'in-progress': Type.Integer(),
    done: Type.Integer(),
    'wont-do': Type.Integer(),
    overdue: Type.Integer({ description: 'Open or in progress, due before today.' }),
  },
  {
    description:
      'The items matching every filter except `status` (all pages), by status: the completion of what is filtered, whatever statuses are shown.',
  },
);
/** The type of `ActionItemCountsSchema`. */
export type ActionItemCounts = Static<typeof ActionItemCountsSchema>;

/** `GET /api/action-items`: one page of items, the total over all pages, and the counts by status. */
export const ActionItemPageSchema = Type.Object({
  items: Type.Array(ActionItemViewSchema),
  total: Type.Integer({ description: 'Items matching the filters, over all pages.' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
  counts: ActionItemCountsSchema,
});
/** The type of `ActionItemPageSchema`. */
export type ActionItemPage = Static<typeof ActionItemPageSchema>;

/** One status, or several separated by commas (`open,in-progress`). */
export const STATUS_LIST_PATTERN = '^(open|in-progress|done|wont-do)(,(open|in-progress|done|wont-do))*$';

/** `GET /api/action-items` query. */
export const ActionItemListQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.String({ pattern: STATUS_LIST_PATTERN, description: 'open, in-progress, done, wont-do; several separated by commas.' }),
    ),
    q: Type.Optional(
      Type.String({
        maxLength: 500,
        description: 'Words that must all appear in the item text (anywhere, ASCII letters in any case; `%` and `_` are plain characters).',
      }),
    ),
    owner: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Owner, the whole name, case-insensitive.' })),
    incident: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Slug (or former slug) of an incident.' })),
    group: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Group heading, exact.' })),
    linked: Type.Optional(Type.Boolean({ description: 'true: only items with a link; false: only items without.' })),
    overdue: Type.Optional(Type.Boolean({ description: 'true: only overdue items; false: only the others.' })),
    'min-age-days': Type.Optional(
      Type.Integer({ minimum: 0, description: 'Only open or in-progress items at least this many days old (`ageDays` ≥ it).' }),
    ),
    archived: Type.Optional(
      Type.Enum(['false', 'true', 'all'], {
        default: 'false',
        description:
          'false: current items only; true: only items removed from the markdown or of removed incidents; all. Default: false.',
      }),
    ),
    sort: Type.Optional(
      Type.Enum([...ACTION_ITEM_SORTS], {
        default: 'incident',
        description:
          '`incident`: newest incident first, then in document order (default); `due`: soonest due date first, none last; `-age`: oldest open item first, closed ones last; `status`: open, in-progress, done, wont-do. Ties keep the `incident` order.',
      }),
    ),
    limit: Type.Optional(LimitSchema),
    offset: Type.Optional(OffsetSchema),
  },
  { additionalProperties: false },
);
/** The type of `ActionItemListQuerySchema`. */
export type ActionItemListQuery = Static<typeof ActionItemListQuerySchema>;
