import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { pseudonym } from './accounts';
import { formKey } from './form-key';

// The forms of a savings group's members page, checked on the server. Messages are functions, so
// each is written in the language of whoever submits.

/** The labels a group gives its officers, in the order the page offers them. */
export const SAVINGS_OFFICERS = [
	'chair',
	'secretary',
	'treasurer',
	'box_keeper',
	'key_holder'
] as const;
export type SavingsOfficerLabel = (typeof SAVINGS_OFFICERS)[number];

/** An officer's label in the reader's language. */
export function officerLabel(officer: SavingsOfficerLabel): string {
	switch (officer) {
		case 'chair':
			return m.savings_members_officer_chair();
		case 'secretary':
			return m.savings_members_officer_secretary();
		case 'treasurer':
			return m.savings_members_officer_treasurer();
		case 'box_keeper':
			return m.savings_members_officer_box_keeper();
		case 'key_holder':
			return m.savings_members_officer_key_holder();
	}
}

const required = () => m.field_required();
const choose = () => m.savings_members_choose_member();

/** An officer's label, or '' for none. */
const officer = v.optional(
	v.picklist(['', ...SAVINGS_OFFICERS], () => m.savings_members_officer_invalid()),
	''
);
const memberId = v.pipe(v.string(choose), v.trim(), v.nonEmpty(choose), v.maxLength(64, choose));

/** Someone new: the name the group knows them by, and (staff only) their account's nickname. */
export const addSavingsMemberSchema = v.object({
	formKey,
	name: pseudonym,
	officer,
	pseudonym: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, required)), '')
});

/** A member's officer label, given, changed or taken away (''). */
export const appointSavingsOfficerSchema = v.object({ memberId, officer });

/** A one-time code for someone without an account. */
export const savingsLinkCodeSchema = v.object({ formKey, memberId });

/** The confirmed leaving of a member, at the meeting the confirmation was worked out for. */
export const savingsLeavingSchema = v.object({
	formKey,
	memberId,
	meetingId: v.pipe(v.string(required), v.nonEmpty(required), v.maxLength(64, required))
});
