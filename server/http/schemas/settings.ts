/** Schema of `GET /api/settings`. */
import { Type, type Static } from 'typebox';
import { Nullable } from './common.ts';

export const SettingsSchema = Type.Object({
  github: Type.Object({
    configured: Type.Boolean({ description: 'A GITHUB_TOKEN is set: issues are synced and created, safeguards verified.' }),
    defaultRepo: Nullable(Type.String({ description: 'HINDSIGHT_REPO: where new issues go unless another repository is named.' })),
    issueLabel: Nullable(Type.String()),
    syncMinutes: Type.Integer({ description: 'How often the server syncs and verifies (0: never on its own).' }),
    lastSyncAt: Nullable(Type.String({ description: 'When a repository was last synced.' })),
    lastVerifiedAt: Nullable(Type.String({ description: 'When a safeguard was last checked.' })),
  }),
});
/** The type of `SettingsSchema`. */
export type Settings = Static<typeof SettingsSchema>;
