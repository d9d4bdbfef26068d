import { clearDrafts, readDraft, saveDraft } from './meeting-draft';
import {
	expectedHint,
	formatWithLook,
	LIVE_TILLS,
	liveSheetFrom,
	liveTotals,
	type LiveSheet,
	type LiveSheetText
} from './meeting-live-totals';

/*
 * The meeting sheet's own script, apart from the framework (MeetingSheetForm.svelte draws the
 * sheet; the page sends no framework), so that a secretary on a slow phone can start at once. It
 * adds up what is typed as it is typed, keeps what was typed in this tab until the meeting is
 * recorded, and sends the sheet itself, so that a sheet that could not be sent stays on the screen
 * with everything in it and says so. The server draws every word; this shows or fills them in.
 */

/** What the server writes on the form for this script (`data-sheet`). */
interface SheetSettings {
	groupId: string;
	live: LiveSheetText;
	slots: LiveSheet['slots'];
	/** "The books expect {amount}" and "difference {amount}", in the reader's language. */
	expected: string;
	differs: string;
}

const sheetForm = () => document.querySelector<HTMLFormElement>('form[data-sheet]');
const settingsOf = (form: HTMLFormElement): SheetSettings => JSON.parse(form.dataset.sheet!);
/** A part the server drew, by its `data-sheet-*` attribute. */
const part = (form: HTMLFormElement, name: string) =>
	form.querySelector<HTMLElement>(`[data-sheet-${name}]`);
const show = (element: HTMLElement | null, shown: boolean) =>
	element?.toggleAttribute('hidden', !shown);

/** The form's fields as they are now, the first value of each name. */
function fields(form: HTMLFormElement): Record<string, string> {
	const typed: Record<string, string> = {};
	for (const [name, entry] of new FormData(form))
		if (typeof entry === 'string' && !(name in typed)) typed[name] = entry;
	return typed;
}

function recompute(form: HTMLFormElement) {
	const { live, slots, expected, differs } = settingsOf(form);
	const typed = fields(form);
	const totals = liveTotals(liveSheetFrom(live, slots), (name) => typed[name] ?? '');
	const money = (amount: bigint) => formatWithLook(amount, live.look);
	const write = (name: string, amount: bigint) => {
		const figure = part(form, `total="${name}"`);
		if (figure) figure.textContent = money(amount);
	};
	write('loan:box', totals.expected['loan:box']);
	write('social:box', totals.expected['social:box']);
	write('in', totals.moneyIn);
	write('out', totals.moneyOut);
	show(part(form, 'unread'), totals.unread > 0);
	for (const till of LIVE_TILLS) {
		const hint = part(form, `expected="${till}"`);
		if (hint) hint.textContent = expectedHint(totals, till, live.look, { expected, differs });
	}
}

const keep = (form: HTMLFormElement) => saveDraft(settingsOf(form).groupId, fields(form));

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const isField = (element: unknown): element is Field =>
	element instanceof HTMLInputElement ||
	element instanceof HTMLSelectElement ||
	element instanceof HTMLTextAreaElement;

/** A field as the server drew it: the sheet's opening value, not typed over. */
function untouched(field: Field): boolean {
	if (field instanceof HTMLSelectElement)
		return [...field.options].every((option) => option.selected === option.defaultSelected);
	return field.value === field.defaultValue;
}

/**
 * What was typed in this tab before (a reload, a lost connection), with its key, into the fields
 * not typed in since the page came: what is typed now wins.
 */
function restoreDraft(form: HTMLFormElement): boolean {
	const draft = readDraft(settingsOf(form).groupId);
	if (!draft) return false;
	for (const [name, text] of Object.entries(draft)) {
		// The number of lines is the page's own.
		if (name.startsWith('slots.')) continue;
		const field = form.elements.namedItem(name);
		if (isField(field) && (name === 'formKey' || untouched(field))) field.value = text;
	}
	show(part(form, 'restored'), true);
	return true;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let sending = false;

function typed(event: Event) {
	const form = sheetForm();
	if (!form || !form.contains(event.target as Node)) return;
	recompute(form);
	show(part(form, 'not-sent'), false);
	clearTimeout(saveTimer);
	saveTimer = setTimeout(() => keep(form), 300);
}

function setBusy(form: HTMLFormElement, busy: boolean) {
	sending = busy;
	for (const button of form.querySelectorAll<HTMLButtonElement>('button[type="submit"]'))
		button.disabled = busy;
}

/**
 * Sends the sheet as the browser would, and puts the server's answer in place of the sheet (a
 * problem beside its field, one more line, the check's totals); recorded, the meeting's page opens.
 */
async function send(event: SubmitEvent) {
	const form = event.target;
	if (!(form instanceof HTMLFormElement) || form !== sheetForm()) return;
	event.preventDefault();
	if (sending) return;
	const { groupId } = settingsOf(form);
	const submitter = event.submitter as HTMLButtonElement | null;
	const body = new FormData(form, submitter);
	const action = submitter?.hasAttribute('formaction') ? submitter.formAction : form.action;
	clearTimeout(saveTimer);
	keep(form);
	show(part(form, 'not-sent'), false);
	setBusy(form, true);
	let answer: Response;
	let html: string;
	try {
		answer = await fetch(action, { method: 'POST', body, headers: { accept: 'text/html' } });
		html = answer.redirected ? '' : await answer.text();
	} catch {
		// No answer, or half of one (no connection, a time-out): nothing is known to be recorded. What was typed
		// stays, here and in this tab, and is sent again with the same key.
		setBusy(form, false);
		show(part(form, 'not-sent'), true);
		return;
	}
	if (answer.redirected) {
		// Recorded: this tab forgets the sheet, and the meeting's page opens. Sent elsewhere (to
		// sign in again), what was typed stays kept for when the sheet is opened again.
		const recorded = new URL(answer.url).pathname.startsWith(`/savings/${groupId}/meetings/`);
		if (recorded) clearDrafts(groupId);
		location.assign(answer.url);
		return;
	}
	const page = new DOMParser().parseFromString(html, 'text/html');
	const next = page.querySelector<HTMLFormElement>('form[data-sheet]');
	sending = false;
	if (!next) {
		// Not a sheet (the group closed its cycle, the page is gone): that page, as it came.
		document.title = page.title;
		document.body.replaceWith(document.adoptNode(page.body));
		return;
	}
	form.replaceWith(document.adoptNode(next));
	recompute(next);
	keep(next);
	answerFocus(next, answer.ok, submitter)?.focus();
}

/**
 * Where the answer is, for the focus, so that a screen reader says what came (the button pressed
 * went with the old sheet): the problems, the new line's first field, or the check's totals.
 */
function answerFocus(sheet: HTMLFormElement, ok: boolean, submitter: HTMLButtonElement | null) {
	if (!ok) return part(sheet, 'problems');
	const { slots } = settingsOf(sheet);
	const kind = submitter?.name === 'add' ? submitter.value : '';
	if (kind in slots) {
		const line = slots[kind as keyof typeof slots] - 1;
		return sheet.querySelector<HTMLElement>(`[name^="${kind}.${line}."]`);
	}
	return part(sheet, 'checked');
}

function start() {
	const form = sheetForm();
	if (!form) return;
	const restored = restoreDraft(form);
	recompute(form);
	// Typed before this script came: kept as if typed now.
	const typedEarly = [...form.elements].some((field) => isField(field) && !untouched(field));
	if (restored || typedEarly) keep(form);
}

addEventListener('input', typed);
addEventListener('change', typed);
addEventListener('submit', send);
start();
