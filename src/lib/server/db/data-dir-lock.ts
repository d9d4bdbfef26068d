import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/*
 * PGlite is PostgreSQL inside one process: a second process opening the same folder would not be
 * refused by it, and the two would go on writing diverging data. A lock file in the folder, holding
 * the owner's pid and host, refuses the second process at start.
 */

export const LOCK_FILE = 'circles.lock';

export class DataDirInUseError extends Error {
	override name = 'DataDirInUseError';
}

interface Holder {
	pid: number;
	host: string;
	/** Tells this opening's lock from a later one that took the file over. */
	token: string;
}

/** Lock files this process holds: a pid of ours in another lock file is from an earlier process. */
const heldHere = new Set<string>();

function readHolder(path: string): Holder | undefined {
	try {
		return JSON.parse(readFileSync(path, 'utf8')) as Holder;
	} catch {
		// Gone since, or cut short by a crash while it was written: nobody holds it.
		return undefined;
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, under another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Whether the holder may still be using the folder; a lock left by a crashed process is not. */
function isLive(holder: Holder, path: string): boolean {
	if (holder.host !== hostname()) return true; // another machine's processes cannot be asked
	if (holder.pid === process.pid) return heldHere.has(path);
	return isRunning(holder.pid);
}

/**
 * Takes the lock of a PGlite folder for this process, taking over a lock whose process is gone;
 * throws DataDirInUseError while another live process holds it. Returns the release, which also
 * runs when the process exits.
 */
export function lockDataDir(dataDir: string): () => void {
	const path = join(dataDir, LOCK_FILE);
	const mine: Holder = { pid: process.pid, host: hostname(), token: randomUUID() };
	for (;;) {
		try {
			writeFileSync(path, JSON.stringify(mine), { flag: 'wx' });
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const holder = readHolder(path);
		if (holder && isLive(holder, path)) {
			const who =
				holder.host === mine.host ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
			throw new DataDirInUseError(
				`another Circles process (${who}) is using DATA_DIR=${dataDir}; stop it first, or use PostgreSQL for several processes`
			);
		}
		// Left by a crashed process. (Two processes started in the same instant after a crash could both
		// get here; what this guards against is a second start while the first is running.)
		rmSync(path, { force: true });
	}
	heldHere.add(path);

	const release = () => {
		process.off('exit', release);
		heldHere.delete(path);
		// Only this opening's lock: never one that another process has since taken over.
		if (readHolder(path)?.token === mine.token) rmSync(path, { force: true });
	};
	process.on('exit', release);
	return release;
}
