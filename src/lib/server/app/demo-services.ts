import type { Kysely } from 'kysely';
import type { ServiceInput } from '$lib/schemas/service';
import type { Actor } from '../access/actor';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { addService } from '../services/directory';

type DemoService = Omit<ServiceInput, 'formKey' | 'serves' | 'note'>;

// Coordinators keep the real services: the demo shows what goes where, with no phone number or
// address made up. Every entry says it is an example, and tells the member where to ask instead.
const ASK = 'Example entry: ask your circle facilitator or a Circles coordinator for the real';
const NOTE = 'This is an example in the demo, not a real service.';

export const DEMO_SERVICES: DemoService[] = [
	...(
		[
			['TH', ['th', 'my', 'km', 'lo', 'en']],
			['KH', ['km', 'en']],
			['LA', ['lo']],
			['MM', ['my']],
			['VN', ['vi']]
		] as const
	).map(([country, languages]) => ({
		name: 'Example: a helpline near you',
		kind: 'hotline' as const,
		organisation: 'Example organisation',
		country,
		area: 'Whole country',
		languages: [...languages],
		hours: 'Day and night',
		howToReach: `${ASK} helpline number. A coordinator writes it here.`,
		crisis: true
	})),
	{
		name: 'Example: a women’s shelter',
		kind: 'shelter',
		organisation: 'Example organisation',
		country: 'TH',
		area: 'Bangkok',
		languages: ['th', 'my', 'km'],
		hours: 'Day and night',
		howToReach: `${ASK} way to reach the shelter; its address is given only by phone.`,
		crisis: true
	},
	{
		name: 'Example: free legal advice for returnees',
		kind: 'legal_aid',
		organisation: 'Example legal aid group',
		country: 'KH',
		area: 'Phnom Penh',
		languages: ['km', 'en'],
		hours: 'Weekdays, mornings',
		howToReach: `${ASK} office address and opening days.`,
		crisis: false
	},
	{
		name: 'Example: job placement desk',
		kind: 'job_placement',
		organisation: 'Example employment office',
		country: 'VN',
		area: 'Hanoi',
		languages: ['vi'],
		hours: 'Weekdays',
		howToReach: `${ASK} address of the desk.`,
		crisis: false
	},
	{
		name: 'Example: counselling after coming home',
		kind: 'counselling',
		organisation: 'Example counselling service',
		country: 'MM',
		area: 'Yangon',
		languages: ['my'],
		hours: 'Weekdays, afternoons',
		howToReach: `${ASK} way to book a talk with a counsellor.`,
		crisis: false
	},
	{
		name: 'Example: sewing and small business course',
		kind: 'education',
		organisation: 'Example training centre',
		country: 'LA',
		area: 'Vientiane',
		languages: ['lo'],
		hours: 'Saturdays',
		howToReach: `${ASK} dates of the next course.`,
		crisis: false
	}
];

/** The demo's directory: crisis entries for every country, and a few other kinds. */
export async function seedDemoServices(db: Kysely<DB>, actor: Actor, clock: Clock): Promise<void> {
	for (const service of DEMO_SERVICES) {
		await addService(
			db,
			actor,
			{
				...service,
				formKey: newFormKey(clock()),
				serves: 'People who came home from work abroad',
				note: NOTE
			},
			clock,
			{ example: true }
		);
	}
}
