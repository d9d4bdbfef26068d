/*
 * A course session's attendance sheet, its own script apart from the framework (the page sends no
 * framework): the check-in code counts down its seconds and is fetched again when it runs out (not
 * while the page is hidden), and when someone has checked in, or check-in has closed, the sheet is
 * drawn again from the server, keeping the marks the trainer chose and has not saved yet. A failed
 * fetch leaves the old code and says so. CheckInCode.svelte and AttendancePerson.svelte draw the
 * parts, found by their `data-check-in-*` and `data-person*` attributes, and every word.
 */

/** What the server writes on the code's box for this script (`data-check-in`). */
interface CheckInSettings {
	/** The code now, as JSON, with the same access as the page. */
	endpoint: string;
	code: string;
	secondsLeft: number;
	/** "New code in N seconds" for N from 0 to 30, in the reader's language. */
	secondsWords: string[];
	checkedIn: number;
}

interface CodeNow {
	open: boolean;
	code?: string;
	secondsLeft?: number;
	checkedIn: number;
	checkedInWords: string;
}

const box = () => document.querySelector<HTMLElement>('[data-check-in]');
const part = (within: ParentNode, name: string) =>
	within.querySelector<HTMLElement>(`[data-check-in-${name}]`);

/** What the server said last, and when. */
let latest: (CheckInSettings & { at: number }) | null = null;
let fetching = false;
let retryAt = 0;

function readBox() {
	const found = box();
	latest = found ? { ...JSON.parse(found.dataset.checkIn!), at: Date.now() } : null;
}

/** The code in two groups of three, as it is read aloud. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/**
 * The sheet again from the server: the check-in's box as it is now, and each person's marks,
 * but for those the server has not changed since this page drew them (their key is the same),
 * which stay as the trainer left them.
 */
async function drawSheetAgain() {
	const response = await fetch(location.pathname, { headers: { accept: 'text/html' } });
	if (!response.ok) throw new Error(`status ${response.status}`);
	const page = new DOMParser().parseFromString(await response.text(), 'text/html');
	const list = document.querySelector('[data-attendance-list]');
	const nextList = page.querySelector('[data-attendance-list]');
	if (list && nextList) {
		for (const person of nextList.querySelectorAll<HTMLElement>('[data-person]')) {
			const shown = list.querySelector<HTMLElement>(
				`[data-person="${CSS.escape(person.dataset.person!)}"]`
			);
			if (shown && shown.dataset.personKey === person.dataset.personKey) person.replaceWith(shown);
		}
		list.replaceWith(document.adoptNode(nextList));
	}
	const section = document.getElementById('check-in');
	const nextSection = page.getElementById('check-in');
	if (section && nextSection) section.replaceWith(document.adoptNode(nextSection));
	readBox();
}

async function tick() {
	const shown = box();
	if (!latest || !shown) return;
	const left = Math.min(
		30,
		Math.max(0, latest.secondsLeft - Math.floor((Date.now() - latest.at) / 1000))
	);
	const seconds = part(shown, 'seconds');
	if (seconds) seconds.textContent = latest.secondsWords[left] ?? '';
	if (left > 0 || fetching || document.hidden || Date.now() < retryAt) return;
	fetching = true;
	try {
		const response = await fetch(latest.endpoint, { headers: { accept: 'application/json' } });
		if (!response.ok) throw new Error(`status ${response.status}`);
		const next = (await response.json()) as CodeNow;
		part(shown, 'offline')?.setAttribute('hidden', '');
		const someoneNew = next.checkedIn !== latest.checkedIn;
		if (next.open && next.code && next.secondsLeft) {
			latest = { ...latest, code: next.code, secondsLeft: next.secondsLeft, at: Date.now() };
			const code = part(shown, 'code');
			if (code) code.textContent = spaced(next.code);
			const count = part(shown, 'count');
			if (count) count.textContent = next.checkedInWords;
		}
		if (!next.open || someoneNew) await drawSheetAgain();
	} catch {
		part(box() ?? document, 'offline')?.removeAttribute('hidden');
		retryAt = Date.now() + 5_000;
	} finally {
		fetching = false;
	}
}

readBox();
setInterval(tick, 1_000);
document.addEventListener('visibilitychange', tick);
