import { m } from '$lib/paraglide/messages';
import { formatNumber } from '../i18n/format';
import type { RosterEntry } from './roster';

/** The name a person gave for the course, or "Participant 7" for a place taken before names were asked. */
export const rosterName = (entry: Pick<RosterEntry, 'name' | 'arrival'>) =>
	entry.name ?? m.roster_unnamed({ number: formatNumber(entry.arrival) });
