import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : svelteFiles(path);
		return entry.name.endsWith('.svelte') ? [path] : [];
	});
}

/** Attributes whose value a member reads or hears; the others (class, href, ...) are code. */
const READABLE_ATTRIBUTES = new Set(['aria-label', 'title', 'alt', 'placeholder']);
/** Inputs that show their value as a label; on any other element a value is data for the server. */
const LABELLED_BY_VALUE = new Set(['submit', 'button', 'reset']);

type Attribute = { name?: string; value?: unknown };

/** Whether an element shows its `value` attribute: `<input type="submit" value="Send">`. */
function showsValue(element: Record<string, unknown>, attributes: Attribute[]): boolean {
	if (element.name !== 'input') return false;
	const type = attributes.find((attribute) => attribute.name === 'type')?.value;
	const text = Array.isArray(type) ? (type[0] as { data?: string })?.data : undefined;
	return text !== undefined && LABELLED_BY_VALUE.has(text);
}

/** Text written straight into markup, which would show the same in every language. */
function rawText(node: unknown, found: string[] = []): string[] {
	if (Array.isArray(node)) {
		for (const child of node) rawText(child, found);
	} else if (node && typeof node === 'object') {
		const record = node as Record<string, unknown>;
		if (record.type === 'Text' && /\p{L}/u.test(String(record.data))) {
			found.push(String(record.data).trim());
		}
		for (const [key, value] of Object.entries(record)) {
			if (key === 'attributes') {
				const attributes = value as Attribute[];
				const readable = attributes.filter(
					(attribute) =>
						attribute.name &&
						(READABLE_ATTRIBUTES.has(attribute.name) ||
							(attribute.name === 'value' && showsValue(record, attributes)))
				);
				rawText(readable, found);
			} else if (key !== 'instance' && key !== 'module' && key !== 'css') {
				// Scripts and styles are code, not text a member reads.
				rawText(value, found);
			}
		}
	}
	return found;
}

describe('Svelte templates', () => {
	const files = svelteFiles(SRC);

	it('are found', () => {
		expect(files.length).toBeGreaterThan(3);
	});

	it('count a submit button’s value as text, and a hidden field’s value as data', () => {
		const text = (markup: string) => rawText(parse(markup, { modern: true }).fragment);
		expect(text('<input type="submit" value="Send" />')).toEqual(['Send']);
		expect(text('<input type="hidden" name="kind" value="note" />')).toEqual([]);
		expect(text('<button name="decision" value="admit">{label}</button>')).toEqual([]);
	});

	it.each(files.map((file) => [relative(SRC, file), file]))(
		'%s shows no text that skips the message catalogues',
		(_name, file) => {
			const ast = parse(readFileSync(file, 'utf8'), { modern: true });
			expect(rawText(ast.fragment)).toEqual([]);
		}
	);
});
