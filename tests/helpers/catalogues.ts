import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Catalogue = Record<string, string>;

export const MESSAGES_DIR = join(import.meta.dirname, '../../messages');

/** Every catalogue in messages/, by locale, without the "$schema" entry. */
export function readCatalogues(): Record<string, Catalogue> {
	return Object.fromEntries(
		readdirSync(MESSAGES_DIR)
			.filter((file) => file.endsWith('.json'))
			.map((file) => {
				const { $schema: _schema, ...messages } = JSON.parse(
					readFileSync(join(MESSAGES_DIR, file), 'utf8')
				);
				return [file.replace(/\.json$/, ''), messages as Catalogue];
			})
	);
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** What is wrong with `translation` measured against the base catalogue: one line a problem. */
export function catalogueProblems(base: Catalogue, translation: Catalogue): string[] {
	const problems: string[] = [];
	for (const [key, text] of Object.entries(base)) {
		const translated = translation[key];
		if (translated === undefined) problems.push(`${key}: missing`);
		else if (typeof translated !== 'string' || translated.trim() === '')
			problems.push(`${key}: empty`);
		else if (placeholders(translated).join() !== placeholders(text).join())
			problems.push(`${key}: placeholders differ`);
	}
	for (const key of Object.keys(translation)) {
		if (!(key in base)) problems.push(`${key}: not in the base catalogue`);
	}
	return problems;
}
