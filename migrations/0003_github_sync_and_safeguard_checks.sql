CREATE TABLE `github_etags` (
	`url` text PRIMARY KEY NOT NULL,
	`etag` text NOT NULL,
	`fetched_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `github_sync_state` (
	`repo` text PRIMARY KEY NOT NULL,
	`issues_since` text,
	`synced_at` text,
	`error` text
);
--> statement-breakpoint
ALTER TABLE `action_item_links` ADD `merged_at` text;--> statement-breakpoint
ALTER TABLE `action_item_links` ADD `remote_updated_at` text;--> statement-breakpoint
ALTER TABLE `action_items` ADD `owner_source` text;--> statement-breakpoint
ALTER TABLE `action_items` ADD `due_source` text;--> statement-breakpoint
ALTER TABLE `action_items` ADD `status_conflict` text;--> statement-breakpoint
ALTER TABLE `safeguards` ADD `first_verified_at` text;--> statement-breakpoint
ALTER TABLE `safeguards` ADD `checked_at` text;--> statement-breakpoint
ALTER TABLE `safeguards` ADD `check_error` text;