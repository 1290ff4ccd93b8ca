CREATE TABLE `activity_sources` (
	`provider` text NOT NULL,
	`external_id` text NOT NULL,
	`activity_id` text NOT NULL,
	`user_id` text NOT NULL,
	`data` text NOT NULL,
	`updated_at_ms` integer NOT NULL,
	PRIMARY KEY(`provider`, `external_id`),
	FOREIGN KEY (`activity_id`) REFERENCES `activities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `activity_sources_activity` ON `activity_sources` (`activity_id`);--> statement-breakpoint
CREATE INDEX `activity_sources_user` ON `activity_sources` (`user_id`);