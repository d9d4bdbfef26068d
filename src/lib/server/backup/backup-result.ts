/** What a finished backup reports: to the log, to metrics and to the operator. */
export interface BackupResult {
	path: string;
	/** When it was taken (the time in its name). */
	at: Date;
	bytes: number;
	seconds: number;
}
