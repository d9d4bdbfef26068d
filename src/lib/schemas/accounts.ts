import * as v from 'valibot';
import { passphraseLengthProblem } from '$lib/accounts/passphrase-rules';
import { pseudonymProblem } from '$lib/accounts/pseudonym-rules';
import { passphraseMessage, pseudonymMessage } from '$lib/accounts/rule-messages';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';
import { COUNTRIES } from './help';

// Forms about accounts, checked on the server. Messages are functions so that each is written in
// the language of whoever submits.

/** The longest code the form takes; codes are much shorter, so a longer one is not a code. */
const SIGNUP_CODE_MAX = 40;

export { passphraseMessage, pseudonymMessage };

const required = () => m.field_required();

/** A nickname, or a name in one circle: the same rules (no phone number, e-mail or handle). */
export const pseudonym = v.pipe(
	v.string(),
	v.nonEmpty(required),
	v.rawCheck(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		const problem = pseudonymProblem(dataset.value);
		if (problem) addIssue({ message: pseudonymMessage(problem) });
	})
);

const newPassphrase = v.pipe(
	v.string(),
	v.nonEmpty(required),
	v.rawCheck(({ dataset, addIssue }) => {
		if (!dataset.typed) return;
		const problem = passphraseLengthProblem(dataset.value);
		if (problem) addIssue({ message: passphraseMessage(problem) });
	})
);

// A pseudonym or passphrase typed to sign in is only checked for presence: the rules may have
// changed since the account was made.
const anyText = v.pipe(v.string(), v.nonEmpty(required), v.maxLength(200, required));

/** A country of the region, or '' for none (the member's language stands in). */
export const optionalCountry = v.optional(
	v.picklist(['', ...COUNTRIES], () => m.country_invalid()),
	''
);

export const signUpSchema = v.object({
	formKey,
	code: v.optional(
		v.pipe(
			v.string(),
			v.maxLength(SIGNUP_CODE_MAX, () => m.signup_code_unknown())
		),
		''
	),
	pseudonym,
	passphrase: newPassphrase,
	country: optionalCountry
});

export const countrySchema = v.object({ country: optionalCountry });

export const signInSchema = v.object({
	pseudonym: anyText,
	passphrase: anyText,
	remember: v.optional(v.boolean(), false)
});

export const codeSignInSchema = v.object({
	pseudonym: anyText,
	code: anyText,
	newPassphrase,
	remember: v.optional(v.boolean(), false)
});

export const changePassphraseSchema = v.object({
	current: anyText,
	next: newPassphrase
});

/** What happens to the member's messages in their circles: taken away (the default), or left. */
export const DELETION_WORDS = ['erase', 'keep'] as const;

export const deleteAccountSchema = v.object({
	words: v.optional(v.picklist(DELETION_WORDS, required), 'erase'),
	passphrase: anyText
});

export const invitationSchema = v.object({
	formKey,
	maxUses: v.pipe(
		v.number(),
		v.integer(() => m.invitations_uses_range()),
		v.minValue(1, () => m.invitations_uses_range()),
		v.maxValue(100, () => m.invitations_uses_range())
	),
	expiresInDays: v.pipe(
		v.number(),
		v.integer(() => m.invitations_days_range()),
		v.minValue(1, () => m.invitations_days_range()),
		v.maxValue(90, () => m.invitations_days_range())
	),
	label: v.optional(
		v.pipe(
			v.string(),
			v.maxLength(60, () => m.invitations_label_too_long())
		),
		''
	)
});

/** A coordinator's request for a member's reset code: sent twice, it is the same code. */
export const resetCodeSchema = v.object({
	formKey,
	accountId: v.string()
});
