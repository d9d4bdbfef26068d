import { latestBackup } from './backup-files';
import { HOUR_MS } from './backup-schedule';

export type BackupStatus =
	{ state: 'off' } | { state: 'none' } | { state: 'recent' | 'late'; at: Date; bytes: number };

/**
 * What the admin page says about the server's own backups: the newest one's time and size, and
 * whether it is late (older than twice the interval: one backup has been missed, or failed).
 * 'off' on PostgreSQL or when BACKUP_EVERY_HOURS is 0: the server makes none then.
 */
export function backupStatus(
	settings: { embedded: boolean; dir: string; everyHours: number },
	now: Date
): BackupStatus {
	if (!settings.embedded || settings.everyHours === 0) return { state: 'off' };
	const latest = latestBackup(settings.dir);
	if (!latest) return { state: 'none' };
	const late = now.getTime() - latest.at.getTime() > 2 * settings.everyHours * HOUR_MS;
	return { state: late ? 'late' : 'recent', at: latest.at, bytes: latest.bytes };
}
