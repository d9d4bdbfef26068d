// How long the hold's checks take per message, over the contact corpus (evasive and ordinary
// messages in six languages): the full check, the split-number check over five earlier messages,
// and as the baseline the word lists alone on the folded text, with no normalising. Run with
// `npm run bench:contact -- --help`.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { contactOrRecruitment } from '../src/lib/server/groups/contact-rules';
import { CONTACT_WORDS } from '../src/lib/server/groups/contact/contact-words';
import { CORPUS } from '../src/lib/server/groups/contact/contact-corpus';
import { fold } from '../src/lib/server/groups/contact/fold';
import { RECRUITMENT_WORDS } from '../src/lib/server/groups/contact/recruitment-words';
import { completesPhoneNumber } from '../src/lib/server/groups/contact/split-number';
import { anyOf } from '../src/lib/server/groups/contact/word-pattern';

const USAGE = `npm run bench:contact -- [--runs 50] [--warmup 5]

  --runs    timed passes over the corpus, after the warm-up (at least 10)
  --warmup  untimed passes first`;

const CONTACT = anyOf(CONTACT_WORDS);
const RECRUITMENT = anyOf(RECRUITMENT_WORDS);

const MESSAGES = Object.values(CORPUS).flatMap((corpus) => [
	...corpus.evasive.flatMap((entry) => entry.messages),
	...corpus.ordinary
]);

/** Each message with the five before it in the corpus, as a member's recent messages. */
const WITH_RECENT = MESSAGES.map((body, i) => ({
	recent: MESSAGES.slice(Math.max(0, i - 5), i),
	body
}));

const CHECKS: Record<string, () => void> = {
	'word lists on folded text (baseline)': () => {
		for (const body of MESSAGES) {
			const text = fold(body);
			if (!CONTACT.test(text)) RECRUITMENT.test(text);
		}
	},
	contactOrRecruitment: () => {
		for (const body of MESSAGES) contactOrRecruitment(body);
	},
	'completesPhoneNumber (5 earlier)': () => {
		for (const { recent, body } of WITH_RECENT) completesPhoneNumber(recent, body);
	}
};

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function main(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			runs: { type: 'string', default: '50' },
			warmup: { type: 'string', default: '5' },
			help: { type: 'boolean', default: false }
		}
	});
	const runs = Number(values.runs);
	const warmup = Number(values.warmup);
	if (
		values.help ||
		!Number.isInteger(runs) ||
		runs < 10 ||
		!Number.isInteger(warmup) ||
		warmup < 0
	) {
		console.log(USAGE);
		return values.help ? 0 : 2;
	}
	console.log(`${MESSAGES.length} messages, ${runs} timed passes after ${warmup}\n`);
	console.log('check                                  median µs/message   ×baseline');
	let baseline = 0;
	for (const [name, pass] of Object.entries(CHECKS)) {
		for (let i = 0; i < warmup; i++) pass();
		const times: number[] = [];
		for (let i = 0; i < runs; i++) {
			const start = performance.now();
			pass();
			times.push(((performance.now() - start) * 1000) / MESSAGES.length);
		}
		const perMessage = median(times);
		baseline ||= perMessage;
		console.log(
			`${name.padEnd(38)} ${perMessage.toFixed(1).padStart(17)}   ${(perMessage / baseline).toFixed(1).padStart(9)}`
		);
	}
	return 0;
}
