CREATE TABLE `strava_deletions` (
	`activity_id` text PRIMARY KEY NOT NULL,
	`event_time_s` integer NOT NULL,
	`deleted_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `strava_deletions_deleted_at` ON `strava_deletions` (`deleted_at_ms`);