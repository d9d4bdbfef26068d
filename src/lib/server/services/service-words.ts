import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { countryName } from '$lib/referrals/country-name';
import { COUNTRIES } from '$lib/schemas/help';
import { SERVICE_KINDS, SERVICE_LANGUAGES } from '$lib/schemas/service';
import type { ServiceKind } from '../db/schema';
import type { ServiceEntry } from './directory';

// What the directory's kinds and languages are called, in the reader's language.

const KINDS: Record<ServiceKind, () => string> = {
	hotline: m.services_kind_hotline,
	shelter: m.services_kind_shelter,
	health: m.services_kind_health,
	counselling: m.services_kind_counselling,
	legal_aid: m.services_kind_legal_aid,
	family_support: m.services_kind_family_support,
	education: m.services_kind_education,
	job_placement: m.services_kind_job_placement,
	business_support: m.services_kind_business_support,
	safe_migration: m.services_kind_safe_migration
};

const LANGUAGES: Record<Locale, () => string> = {
	en: m.services_language_en,
	th: m.services_language_th,
	km: m.services_language_km,
	lo: m.services_language_lo,
	my: m.services_language_my,
	vi: m.services_language_vi
};

export const serviceKindName = (kind: ServiceKind) => KINDS[kind]();

export const serviceLanguageName = (language: string) =>
	LANGUAGES[language as Locale]?.() ?? language;

/** A service as a page shows it: every word finished, in the reader's language. */
export function serviceView(entry: ServiceEntry) {
	return {
		id: entry.id,
		name: entry.name,
		kind: serviceKindName(entry.kind),
		organisation: entry.organisation,
		country: countryName(entry.country),
		area: entry.area,
		languages: entry.languages.map(serviceLanguageName).join(', '),
		hours: entry.hours,
		howToReach: entry.howToReach,
		serves: entry.serves,
		note: entry.note,
		crisis: entry.crisis,
		example: entry.example,
		archived: entry.archived
	};
}

export type ServiceView = ReturnType<typeof serviceView>;

/** The choices of the directory's forms, named in the reader's language. */
export function serviceChoices() {
	return {
		countries: COUNTRIES.map((country) => ({ value: country, label: countryName(country) })),
		kinds: SERVICE_KINDS.map((kind) => ({ value: kind, label: serviceKindName(kind) })),
		languages: SERVICE_LANGUAGES.map((language) => ({
			value: language,
			label: serviceLanguageName(language)
		}))
	};
}
