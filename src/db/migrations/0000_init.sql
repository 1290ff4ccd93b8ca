CREATE TABLE `calendar_feeds` (
	`user_id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`secret_sealed` text NOT NULL,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_secret` ON `calendar_feeds` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `calendar_sync_state` (
	`target_id` text NOT NULL,
	`session_id` text NOT NULL,
	`remote_id` text NOT NULL,
	`remote_version` text,
	`content_hash` text NOT NULL,
	`revision` integer NOT NULL,
	`generation` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT 'live' NOT NULL,
	`updated_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`target_id`, `session_id`),
	FOREIGN KEY (`target_id`) REFERENCES `calendar_targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `calendar_targets` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`credentials_sealed` text,
	`settings` text DEFAULT '{}' NOT NULL,
	`container_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`last_error` text,
	`last_synced_at_ms` integer,
	`sync_lease_owner` text,
	`sync_lease_until_ms` integer,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `calendar_targets_user` ON `calendar_targets` (`user_id`);--> statement-breakpoint
CREATE TABLE `plan_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`url` text NOT NULL,
	`etag` text,
	`last_modified` text,
	`last_fetched_at_ms` integer,
	`last_error` text,
	`planned_runs` text DEFAULT '[]' NOT NULL,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_sources_user` ON `plan_sources` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `plan_sources_user_url` ON `plan_sources` (`user_id`,`url`);--> statement-breakpoint
CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`external_id` text NOT NULL,
	`scopes` text DEFAULT '' NOT NULL,
	`access_token_sealed` text,
	`refresh_token_sealed` text,
	`expires_at_ms` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`last_error` text,
	`refresh_lease_until_ms` integer,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connections_provider_external` ON `connections` (`provider`,`external_id`);--> statement-breakpoint
CREATE INDEX `connections_user` ON `connections` (`user_id`);--> statement-breakpoint
CREATE TABLE `oauth_states` (
	`nonce` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`user_id` text,
	`expires_at_ms` integer NOT NULL,
	`used_at_ms` integer
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`priority` integer DEFAULT 50 NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`run_at_ms` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at_ms` integer,
	`last_error` text,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	`completed_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_idempotency` ON `jobs` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `jobs_claim` ON `jobs` (`status`,`priority`,`run_at_ms`);--> statement-breakpoint
CREATE INDEX `jobs_lease` ON `jobs` (`status`,`lease_expires_at_ms`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rate_limit_state` (
	`key` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`updated_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`payload` text NOT NULL,
	`received_at_ms` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`processed_at_ms` integer,
	`note` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_inbox_dedupe` ON `webhook_inbox` (`provider`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_status` ON `webhook_inbox` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`name` text NOT NULL,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`last_used_at_ms` integer,
	`revoked_at_ms` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `athlete_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`sex` text,
	`hr_max_bpm` integer,
	`hr_rest_bpm` integer,
	`lthr_bpm` integer,
	`threshold_pace_s_per_km` integer,
	`experience` text DEFAULT 'regular' NOT NULL,
	`equipment` text DEFAULT '["bodyweight"]' NOT NULL,
	`injury_area` text,
	`injury_can_run` integer,
	`preferred_strength_time` text,
	`strength_gap_after_run_h` integer,
	`sessions_per_week` integer,
	`max_session_min` integer,
	`weekly_template` text,
	`cross_training_counts` integer DEFAULT false NOT NULL,
	`updated_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`detail` text,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_user` ON `audit_log` (`user_id`,`created_at_ms`);--> statement-breakpoint
CREATE TABLE `auth_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at_ms` integer NOT NULL,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `coach_grants` (
	`athlete_id` text NOT NULL,
	`coach_id` text NOT NULL,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`revoked_at_ms` integer,
	PRIMARY KEY(`athlete_id`, `coach_id`),
	FOREIGN KEY (`athlete_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`coach_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `coach_grants_coach` ON `coach_grants` (`coach_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text DEFAULT 'runner' NOT NULL,
	`display_name` text,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `activities` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider` text NOT NULL,
	`external_id` text NOT NULL,
	`local_date` text NOT NULL,
	`start_local` text NOT NULL,
	`utc_offset_min` integer NOT NULL,
	`start_utc_ms` integer NOT NULL,
	`time_zone` text,
	`sport` text NOT NULL,
	`name` text,
	`duration_s` integer NOT NULL,
	`moving_time_s` integer,
	`distance_m` real,
	`elevation_gain_m` real,
	`avg_hr_bpm` real,
	`max_hr_bpm` real,
	`hr_zone_times_s` text,
	`workout_type` text,
	`perceived_exertion` integer,
	`load` real,
	`load_method` text,
	`raw_payload` text,
	`raw_expires_at_ms` integer,
	`updated_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activities_provider_external` ON `activities` (`provider`,`external_id`);--> statement-breakpoint
CREATE INDEX `activities_user_date` ON `activities` (`user_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `activities_raw_expiry` ON `activities` (`raw_expires_at_ms`);--> statement-breakpoint
CREATE TABLE `days` (
	`user_id` text NOT NULL,
	`date` text NOT NULL,
	`class` text NOT NULL,
	`source` text NOT NULL,
	`load` real DEFAULT 0 NOT NULL,
	`evidence` text DEFAULT '[]' NOT NULL,
	`activities` text DEFAULT '[]' NOT NULL,
	`confidence` real,
	`updated_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `date`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `planned_sessions` (
	`user_id` text NOT NULL,
	`id` text NOT NULL,
	`date` text NOT NULL,
	`start` text NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`updated_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `planned_sessions_user_date` ON `planned_sessions` (`user_id`,`date`);--> statement-breakpoint
CREATE TABLE `races` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`date` text NOT NULL,
	`distance_m` real NOT NULL,
	`terrain` text NOT NULL,
	`priority` text NOT NULL,
	`name` text,
	`created_at_ms` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `races_user_date` ON `races` (`user_id`,`date`);--> statement-breakpoint
CREATE TABLE `strength_log` (
	`user_id` text NOT NULL,
	`session_id` text NOT NULL,
	`date` text NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`user_id`, `session_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
