// The longest text each field of a service may hold, in characters (migrations/0020_services.ts),
// apart from the form's checks so that the form can show them without the validation library.

export const SERVICE_LIMITS = {
	name: 120,
	organisation: 120,
	area: 120,
	hours: 200,
	howToReach: 500,
	serves: 500,
	note: 500
} as const;
