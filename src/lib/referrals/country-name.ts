import { m } from '$lib/paraglide/messages';
import type { Country } from '$lib/schemas/help';

const NAMES: Record<Country, () => string> = {
	TH: m.referral_country_th,
	KH: m.referral_country_kh,
	LA: m.referral_country_la,
	MM: m.referral_country_mm,
	VN: m.referral_country_vn
};

/** A country of the region, named in the reader's language. */
export const countryName = (country: Country) => NAMES[country]();
