CREATE TABLE `deployment_verdicts` (
	`incident_id` integer NOT NULL,
	`deployment_id` integer NOT NULL,
	`verdict` text NOT NULL,
	`decided_by` text,
	`note` text,
	`decided_at` text NOT NULL,
	PRIMARY KEY(`incident_id`, `deployment_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deployment_verdicts_deployment_idx` ON `deployment_verdicts` (`deployment_id`);--> statement-breakpoint
ALTER TABLE `deployments` ADD `repo` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `pull_number` integer;--> statement-breakpoint
ALTER TABLE `deployments` ADD `version` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `status_at` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `updated_at` text;