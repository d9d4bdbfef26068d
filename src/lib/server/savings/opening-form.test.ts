import { describe, expect, it } from 'vitest';
import { issuesByField } from './meeting-sheet-form';
import { parseOpeningForm, type OpeningFormOptions } from './opening-form';

const A = '0190a1b2-0000-7000-8000-00000000000a';
const B = '0190a1b2-0000-7000-8000-00000000000b';

const options = (change: Partial<OpeningFormOptions> = {}): OpeningFormOptions => ({
	currency: 'THB',
	locale: 'en',
	memberIds: [A, B],
	...change
});

const form = (change: Record<string, string> = {}) => ({
	heldOn: '2026-01-05',
	note: 'From the green notebook',
	[`rows.${A}.shares`]: '12',
	[`rows.${B}.shares`]: '',
	'cash.loan.box.amount': '1,500',
	'cash.social.box.amount': '200',
	'cash.loan.bank.amount': '',
	'cash.social.bank.amount': '',
	...change
});

describe('reading the opening balances', () => {
	it('reads shares, loans brought in and the cash of each fund and place', () => {
		const parsed = parseOpeningForm(
			form({
				'loans.1.memberId': B,
				'loans.1.owed': '๒๐๐',
				'loans.1.issuedOn': '2025-12-01',
				'loans.1.termMonths': '๓'
			}),
			options({ locale: 'th' })
		);
		expect(parsed.errors).toEqual({});
		expect(parsed.opening).toEqual({
			heldOn: '2026-01-05',
			note: 'From the green notebook',
			shares: [
				{ memberId: A, shares: 12 },
				{ memberId: B, shares: 0 }
			],
			loans: [{ memberId: B, owed: 20_000n, issuedOn: '2025-12-01', termMonths: 3 }],
			cash: [
				{ fund: 'loan', place: 'box', amount: 150_000n },
				{ fund: 'loan', place: 'bank', amount: 0n },
				{ fund: 'social', place: 'box', amount: 20_000n },
				{ fund: 'social', place: 'bank', amount: 0n }
			]
		});
		expect(parsed.origins['loans.0']).toBe('loans.1');
	});

	it.each([
		['shares in words', `rows.${A}.shares`, 'twelve', 'whole_number'],
		['negative shares', `rows.${A}.shares`, '-3', 'negative'],
		['a negative amount of cash', 'cash.loan.box.amount', '-1', 'negative'],
		['cash in words', 'cash.social.box.amount', 'some', 'not_a_number'],
		['a date that is not one', 'heldOn', 'yesterday', 'date_invalid']
	])('refuses %s beside the field, keeping the text', (_, field, text, problem) => {
		const parsed = parseOpeningForm(form({ [field]: text }), options());
		expect(parsed.opening).toBeNull();
		expect(parsed.errors).toEqual({ [field]: { problem } });
		expect(parsed.values[field]).toBe(text);
	});

	it('refuses a loan line without a member, a date or a term, or with too long a term', () => {
		const parsed = parseOpeningForm(
			form({
				'loans.0.owed': '100',
				'loans.0.termMonths': '25',
				'loans.0.issuedOn': ''
			}),
			options()
		);
		expect(parsed.errors).toEqual({
			'loans.0.memberId': { problem: 'choose_member' },
			'loans.0.issuedOn': { problem: 'date_invalid' },
			'loans.0.termMonths': { problem: 'out_of_range' }
		});
	});

	it('puts the service’s problems beside the fields they came from', () => {
		const parsed = parseOpeningForm(
			form({
				'loans.1.memberId': B,
				'loans.1.owed': '200',
				'loans.1.issuedOn': '2026-02-01',
				'loans.1.termMonths': '3'
			}),
			options()
		);
		expect(
			issuesByField(
				[
					{ path: 'shares.1.shares', problem: 'out_of_range' },
					{ path: 'loans.0.issuedOn', problem: 'date_invalid' },
					{ path: 'cash.2.amount', problem: 'out_of_range' },
					{ path: 'note', problem: 'note_needed' }
				],
				parsed.origins
			)
		).toEqual({
			[`rows.${B}.shares`]: { problem: 'out_of_range' },
			'loans.1.issuedOn': { problem: 'date_invalid' },
			'cash.social.box.amount': { problem: 'out_of_range' },
			note: { problem: 'note_needed' }
		});
	});
});
