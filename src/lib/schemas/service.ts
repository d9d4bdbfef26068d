import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale, locales, type Locale } from '$lib/paraglide/runtime';
import type { ServiceKind } from '$lib/server/db/schema';
import { formKey } from './form-key';
import { COUNTRIES } from './help';
import { SERVICE_LIMITS } from './service-limits';

// The form that writes a service of the directory, checked on the server. Limits are the
// database's (migrations/0020_services.ts). Messages are functions, so each is written in the
// language of whoever submits.

/** The kinds of service, in the order a member is offered them. */
export const SERVICE_KINDS = [
	'hotline',
	'shelter',
	'health',
	'counselling',
	'legal_aid',
	'family_support',
	'education',
	'job_placement',
	'business_support',
	'safe_migration'
] as const satisfies readonly ServiceKind[];

/** The languages a service can be used in: the app's six. */
export const SERVICE_LANGUAGES = locales satisfies readonly Locale[];

export { SERVICE_LIMITS };

const required = () => m.field_required();
const number = (value: number) => new Intl.NumberFormat(getLocale()).format(value);

/** Counts characters as PostgreSQL's length does (code points), not UTF-16 units. */
const atMost = (max: number) =>
	v.check<string, () => string>(
		(text) => [...text].length <= max,
		() => m.services_form_too_long({ max: number(max) })
	);

const requiredText = (max: number) =>
	v.pipe(v.string(required), v.trim(), v.nonEmpty(required), atMost(max));
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), atMost(max)), '');

/** The form key makes adding a service twice (a double tap) one service; editing ignores it. */
export const serviceSchema = v.object({
	formKey,
	name: requiredText(SERVICE_LIMITS.name),
	kind: v.picklist(SERVICE_KINDS, () => m.services_form_choose_kind()),
	organisation: optionalText(SERVICE_LIMITS.organisation),
	country: v.picklist(COUNTRIES, () => m.services_form_choose_country()),
	area: optionalText(SERVICE_LIMITS.area),
	languages: v.pipe(
		v.array(v.picklist(SERVICE_LANGUAGES, () => m.services_form_choose_language())),
		v.minLength(1, () => m.services_form_choose_language())
	),
	hours: optionalText(SERVICE_LIMITS.hours),
	howToReach: requiredText(SERVICE_LIMITS.howToReach),
	serves: optionalText(SERVICE_LIMITS.serves),
	note: optionalText(SERVICE_LIMITS.note),
	crisis: v.optional(v.boolean(), false)
});

export type ServiceInput = v.InferOutput<typeof serviceSchema>;

/** A provider account named for a service's staff, by its sign-in nickname. */
export const serviceStaffSchema = v.object({
	pseudonym: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.nonEmpty(required),
			v.maxLength(100, () => m.services_staff_account_unknown())
		),
		''
	)
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Taking a provider account off a service's staff: which one, from the list. */
export const serviceStaffRemovalSchema = v.object({
	accountId: v.optional(v.pipe(v.string(), v.trim(), v.regex(UUID, required)), '')
});
