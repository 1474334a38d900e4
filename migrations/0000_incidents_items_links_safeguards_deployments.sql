CREATE TABLE `action_item_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action_item_id` integer NOT NULL,
	`source` text NOT NULL,
	`ref` text NOT NULL,
	`url` text,
	`repo` text,
	`number` integer,
	`kind` text NOT NULL,
	`state` text,
	`state_reason` text,
	`title` text,
	`assignees` text,
	`labels` text,
	`due_on` text,
	`etag` text,
	`synced_at` text,
	`sync_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`action_item_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_item_links_item_ref_unique` ON `action_item_links` (`action_item_id`,`ref`);--> statement-breakpoint
CREATE INDEX `action_item_links_repo_idx` ON `action_item_links` (`repo`,`number`);--> statement-breakpoint
CREATE TABLE `action_item_safeguards` (
	`action_item_id` integer NOT NULL,
	`safeguard_id` integer NOT NULL,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`action_item_id`, `safeguard_id`),
	FOREIGN KEY (`action_item_id`) REFERENCES `action_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`safeguard_id`) REFERENCES `safeguards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `action_item_safeguards_safeguard_idx` ON `action_item_safeguards` (`safeguard_id`);--> statement-breakpoint
CREATE TABLE `action_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`group` text,
	`done` integer,
	`owner` text,
	`due` text,
	`line` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`status_source` text DEFAULT 'markdown' NOT NULL,
	`done_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	`archived_at` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `action_items_incident_idx` ON `action_items` (`incident_id`,`position`);--> statement-breakpoint
CREATE INDEX `action_items_status_idx` ON `action_items` (`status`);--> statement-breakpoint
CREATE TABLE `deployments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`environment` text NOT NULL,
	`service` text,
	`ref` text,
	`sha` text,
	`kind` text DEFAULT 'deploy' NOT NULL,
	`status` text DEFAULT 'success' NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`actor` text,
	`url` text,
	`description` text,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deployments_idempotency_key_unique` ON `deployments` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `deployments_environment_started_idx` ON `deployments` (`environment`,`started_at`);--> statement-breakpoint
CREATE INDEX `deployments_started_idx` ON `deployments` (`started_at`);--> statement-breakpoint
CREATE INDEX `deployments_sha_idx` ON `deployments` (`sha`);--> statement-breakpoint
CREATE TABLE `incident_slug_aliases` (
	`slug` text PRIMARY KEY NOT NULL,
	`incident_id` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `incident_tags` (
	`incident_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`incident_id`, `tag`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incident_tags_tag_idx` ON `incident_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`source_path` text NOT NULL,
	`title` text,
	`date` text,
	`timezone` text,
	`timezone_source` text,
	`declared_timezone` text,
	`summary` text,
	`severity` text,
	`started_at` text,
	`detected_at` text,
	`declared_at` text,
	`mitigated_at` text,
	`resolved_at` text,
	`detect_seconds` integer,
	`resolve_seconds` integer,
	`milestones` text,
	`parsed` text,
	`markdown` text,
	`file_hash` text,
	`parse_key` text,
	`error` text,
	`error_at` text,
	`removed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_slug_unique` ON `incidents` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_source_path_unique` ON `incidents` (`source_path`);--> statement-breakpoint
CREATE INDEX `incidents_date_idx` ON `incidents` (`date`);--> statement-breakpoint
CREATE INDEX `incidents_file_hash_idx` ON `incidents` (`file_hash`);--> statement-breakpoint
CREATE TABLE `safeguard_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`safeguard_id` integer NOT NULL,
	`at` text NOT NULL,
	`state` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`safeguard_id`) REFERENCES `safeguards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `safeguard_checks_safeguard_idx` ON `safeguard_checks` (`safeguard_id`,`at`);--> statement-breakpoint
CREATE TABLE `safeguards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`repo` text,
	`branch` text,
	`path` text,
	`check_name` text,
	`description` text,
	`target` text,
	`source` text NOT NULL,
	`state` text DEFAULT 'unknown' NOT NULL,
	`state_detail` text,
	`verified_at` text,
	`attested_by` text,
	`attested_at` text,
	`attestation_expires_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	`archived_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `safeguards_key_unique` ON `safeguards` (`key`);--> statement-breakpoint
CREATE TABLE `timeline_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`position` integer NOT NULL,
	`date` text,
	`time` text,
	`end_time` text,
	`at` text,
	`timezone` text,
	`approximate` integer NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`line` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `timeline_entries_incident_idx` ON `timeline_entries` (`incident_id`,`position`);--> statement-breakpoint
CREATE INDEX `timeline_entries_at_idx` ON `timeline_entries` (`at`);