import { openSocket } from './open-socket';

/*
 * On every page, without the framework: a facilitator's alert that a member of their circle
 * asks for help (for a coordinator, a call passed on because no facilitator answered), and for a
 * member who called, the notice that someone answered. Loaded as a module script of its own
 * (`LiveNotices.svelte`), so it works the same on a page that has no other script, and only the
 * people who need it fetch it. The server draws the words, in the reader's language, in templates;
 * this shows copies. Parts are looked up when needed, not kept: the page may draw them again.
 * An alert shows no names and nothing a member wrote: a glance at the screen must not tell anyone
 * what this site is for.
 */

// Names shared with the markup, written out here: a module both imported would travel in the file
// every page loads, and this script would then fetch that file on pages without scripts.
/** Stands for the calling circle's id in the alert's link, as the server draws it. */
const CALLING_GROUP = 'calling-group';
/** Sent on `window` when someone answers, for a page that shows it itself; marked on `<html>`. */
const HELP_ANSWERED = 'circles:help-answered';
const ANSWERED_MARK = 'data-help-answered';

/** A part the server drew, by its `data-live-*` attribute. */
const part = (name: string, within: ParentNode = document) =>
	within.querySelector<HTMLElement>(`[data-live-${name}]`);

/** A copy of what a template the server drew holds. */
function copyOf(name: string): HTMLElement | undefined {
	const model = document.querySelector<HTMLTemplateElement>(`template[data-live-${name}]`);
	return model?.content.firstElementChild?.cloneNode(true) as HTMLElement | undefined;
}

/**
 * The page keeps room below itself for the notices shown (`--live-notices-room`, app.css), so that
 * they never hide its end: a coordinator with two alerts open can still reach a form's button.
 */
function keepRoom() {
	const shown = [part('alerts'), part('help')].filter((region) => region?.firstElementChild);
	const height = Math.max(0, ...shown.map((region) => region!.offsetHeight));
	document.documentElement.style.setProperty('--live-notices-room', `${height}px`);
}

function showAlert(groupId: string, passedOn: boolean) {
	const region = part('alerts');
	// One alert per circle at a time; dismissed, the circle's next call shows again.
	if (
		!region ||
		[...region.children].some((shown) => (shown as HTMLElement).dataset.groupId === groupId)
	)
		return;
	const alert = copyOf('alert-model');
	if (!alert) return;
	alert.dataset.groupId = groupId;
	part(passedOn ? 'first-call' : 'passed-on', alert)?.remove();
	const link = alert.querySelector('a');
	if (link) link.href = link.href.replace(CALLING_GROUP, encodeURIComponent(groupId));
	for (const control of alert.querySelectorAll('a, button'))
		control.addEventListener('click', () => {
			alert.remove();
			keepRoom();
		});
	region.append(alert);
	keepRoom();
	navigator.vibrate?.([300, 150, 300]);
}

function showAnswered() {
	document.documentElement.setAttribute(ANSWERED_MARK, '');
	dispatchEvent(new Event(HELP_ANSWERED));
	// A help page says it in its status (HelpRequestStatus.svelte), drawn there hidden.
	part('help-waiting')?.setAttribute('hidden', '');
	part('help-seen')?.removeAttribute('hidden');
	const region = part('help');
	// Once per call: the layout draws the region anew for each call (keyed on it).
	if (!region || region.hasAttribute('data-answered')) return;
	region.setAttribute('data-answered', '');
	const notice = copyOf('help-answered');
	if (!notice) return;
	notice.querySelector('button')?.addEventListener('click', () => {
		notice.remove();
		keepRoom();
	});
	region.append(notice);
	keepRoom();
}

// Turned sideways, the notices wrap anew.
addEventListener('resize', keepRoom);

const socket = openSocket();
// Calls made, and answers given, while no page was connected: asked again on each connection.
socket.on('connect', async () => {
	const answer = await socket.emitWithAck('crisis:waiting', null).catch(() => null);
	if (!answer?.ok) return;
	if (part('alerts')) for (const groupId of answer.groupIds) showAlert(groupId, false);
	if (part('help') && !answer.ownCallWaiting) showAnswered();
});
socket.on('crisis:alert', ({ groupId, escalated }) => showAlert(groupId, Boolean(escalated)));
socket.on('crisis:seen', showAnswered);
