import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A message with variants (plural forms), in the inlang message format: the inputs it takes, the
 * selectors it matches on, and one pattern for each combination.
 */
export interface VariantMessage {
	declarations?: string[];
	selectors?: string[];
	match: Record<string, string>;
}

export type Message = string | VariantMessage[];

export type Catalogue = Record<string, Message>;

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

/** Every pattern a message can show: the one text, or each of its variants. */
export const patternsOf = (message: Message): string[] =>
	typeof message === 'string'
		? [message]
		: message.flatMap((variant) => Object.values(variant.match));

/** What a message is given: its declared inputs, or the placeholders of its one text. */
const placeholders = (message: Message) => {
	const names =
		typeof message === 'string'
			? [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
			: message.flatMap((variant) =>
					(variant.declarations ?? []).flatMap((declaration) =>
						declaration.startsWith('input ') ? [declaration.slice('input '.length).trim()] : []
					)
				);
	return [...new Set(names)].sort();
};

const isEmpty = (message: Message) => {
	const patterns = typeof message === 'string' || Array.isArray(message) ? patternsOf(message) : [];
	return patterns.length === 0 || patterns.some((pattern) => pattern.trim() === '');
};

/** What is wrong with `translation` measured against the base catalogue: one line a problem. */
export function catalogueProblems(base: Catalogue, translation: Catalogue): string[] {
	const problems: string[] = [];
	for (const [key, text] of Object.entries(base)) {
		const translated = translation[key];
		if (translated === undefined) problems.push(`${key}: missing`);
		else if (isEmpty(translated)) problems.push(`${key}: empty`);
		else if (placeholders(translated).join() !== placeholders(text).join())
			problems.push(`${key}: placeholders differ`);
	}
	for (const key of Object.keys(translation)) {
		if (!(key in base)) problems.push(`${key}: not in the base catalogue`);
	}
	return problems;
}
