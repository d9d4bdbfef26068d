import { describe, expect, it } from 'vitest';
import { contactOrRecruitment } from '../contact-rules';
import { CORPUS, type Evasive, type Language } from './contact-corpus';
import { completesPhoneNumber, SPLIT_NUMBER_WINDOW } from './split-number';

/** Held as sendMessage holds it: by the message itself or as the end of a split number. */
const held = (earlier: readonly string[], body: string) =>
	contactOrRecruitment(body) !== null ||
	completesPhoneNumber(earlier.slice(-SPLIT_NUMBER_WINDOW.messages), body);

const evasiveHeld = ({ messages }: Evasive) =>
	messages.some((body, i) => held(messages.slice(0, i), body));

/** Ordinary messages are read as one member's messages in a row, so split numbers are looked for across them too. */
const ordinaryHeld = (messages: readonly string[]) =>
	messages.filter((body, i) => held(messages.slice(0, i), body));

interface Figures {
	evasive: number;
	missed: string[];
	ordinary: number;
	falseHolds: string[];
}

const figures = Object.fromEntries(
	Object.entries(CORPUS).map(([language, corpus]) => [
		language,
		{
			evasive: corpus.evasive.length,
			missed: corpus.evasive
				.filter((entry) => !evasiveHeld(entry))
				.map((entry) => `${entry.way}: ${entry.messages.join(' / ')}`),
			ordinary: corpus.ordinary.length,
			falseHolds: ordinaryHeld(corpus.ordinary)
		}
	])
) as Record<Language, Figures>;

const recall = (f: Figures) => (f.evasive - f.missed.length) / f.evasive;
const falseHoldRate = (f: Figures) => f.falseHolds.length / f.ordinary;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

describe('the hold on the contact corpus', () => {
	const all = Object.values(figures);
	const total: Figures = {
		evasive: all.reduce((sum, f) => sum + f.evasive, 0),
		missed: all.flatMap((f) => f.missed),
		ordinary: all.reduce((sum, f) => sum + f.ordinary, 0),
		falseHolds: all.flatMap((f) => f.falseHolds)
	};
	console.log(
		[
			'language  evasive  recall  ordinary  false holds',
			...Object.entries({ ...figures, all: total }).map(
				([language, f]) =>
					`${language.padEnd(8)}  ${String(f.evasive).padStart(7)}  ${percent(recall(f)).padStart(6)}  ${String(f.ordinary).padStart(8)}  ${percent(falseHoldRate(f)).padStart(11)}`
			),
			...total.missed.map((text) => `missed: ${text}`),
			...total.falseHolds.map((text) => `false hold: ${text}`)
		].join('\n')
	);

	it('has at least 150 evasive and 150 ordinary messages, in every language', () => {
		expect(total.evasive).toBeGreaterThanOrEqual(150);
		expect(total.ordinary).toBeGreaterThanOrEqual(150);
		for (const f of all) expect(Math.min(f.evasive, f.ordinary)).toBeGreaterThanOrEqual(25);
	});

	it.each(Object.entries(figures))('holds at least 95%% of evasive messages in %s', (_, f) => {
		expect(f.missed).toHaveLength(Math.min(f.missed.length, Math.floor(f.evasive * 0.05)));
	});

	it.each(Object.entries(figures))('holds at most 5%% of ordinary messages in %s', (_, f) => {
		expect(f.falseHolds).toHaveLength(Math.min(f.falseHolds.length, Math.floor(f.ordinary * 0.05)));
	});

	it('covers every way of getting past the hold in every language', () => {
		for (const corpus of Object.values(CORPUS)) {
			const ways = new Set(corpus.evasive.map((entry) => entry.way));
			expect(ways.size).toBe(10);
		}
	});
});
