/** The account the scenarios' CalDAV server (a real Radicale on both runtimes) knows. */
export const CALDAV_USER = { username: 'runner', password: 'app-password-1' } as const;
