import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * A migration that has landed may already have run on someone's database: editing it would leave
 * that database different from a new one. migrations/checksums.json holds the SHA-256 of each
 * landed file, and this test holds the files to it.
 */

const MIGRATIONS = join(import.meta.dirname, '..', 'migrations');

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** What is wrong with a migrations folder against its checksums: one sentence per file. */
function checksumProblems(folder: string): string[] {
	const listed: Record<string, string> = JSON.parse(
		readFileSync(join(folder, 'checksums.json'), 'utf8')
	);
	const files = readdirSync(folder).filter((name) => /^\d{4}_.*\.ts$/.test(name));
	const problems: string[] = [];
	for (const [name, checksum] of Object.entries(listed)) {
		if (!files.includes(name)) {
			problems.push(
				`migrations/${name} is gone: migrations are append-only; restore it and add a new one`
			);
		} else if (sha256(readFileSync(join(folder, name))) !== checksum) {
			problems.push(
				`migrations/${name} changed after it landed: migrations are append-only; undo the change and add a new migration instead`
			);
		}
	}
	for (const name of files.filter((file) => !(file in listed))) {
		const line = `"${name}": "${sha256(readFileSync(join(folder, name)))}"`;
		problems.push(
			`migrations/${name} is not in migrations/checksums.json: once it is final, add the line ${line}`
		);
	}
	return problems;
}

describe('landed migrations', () => {
	it('are all listed in migrations/checksums.json, unchanged', () => {
		expect(checksumProblems(MIGRATIONS)).toEqual([]);
	});

	it('are reported when one is edited, removed or not yet listed', () => {
		const folder = mkdtempSync(join(tmpdir(), 'circles-migrations-'));
		try {
			const content = (text: string) => Buffer.from(text);
			writeFileSync(join(folder, '0001_kept.ts'), 'kept');
			writeFileSync(join(folder, '0002_edited.ts'), 'edited later');
			writeFileSync(join(folder, '0004_new.ts'), 'new');
			writeFileSync(
				join(folder, 'checksums.json'),
				JSON.stringify({
					'0001_kept.ts': sha256(content('kept')),
					'0002_edited.ts': sha256(content('as it landed')),
					'0003_removed.ts': sha256(content('removed'))
				})
			);
			expect(checksumProblems(folder)).toEqual([
				'migrations/0002_edited.ts changed after it landed: migrations are append-only; undo the change and add a new migration instead',
				'migrations/0003_removed.ts is gone: migrations are append-only; restore it and add a new one',
				`migrations/0004_new.ts is not in migrations/checksums.json: once it is final, add the line "0004_new.ts": "${sha256(content('new'))}"`
			]);
		} finally {
			rmSync(folder, { recursive: true });
		}
	});
});
