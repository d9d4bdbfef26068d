/**
 * Copy buttons (`button[data-copy]`, the recovery codes'): a press puts the button's `data-copy`
 * text on the clipboard and says how that went in the element the button names
 * (`data-copy-status`), whose first child says "Copied." and second "Could not copy", the one not
 * in use `hidden`. Part of the script every page's head runs (head-script.ts), so that the pages
 * showing recovery codes need no framework; served by a listener on the document, it works on
 * codes drawn later by a page's own script too. Sent as its source text (`COPY_BUTTONS_SCRIPT`):
 * it may use nothing from outside its body.
 */
function keepCopyButtons() {
	document.addEventListener('click', (event) => {
		const button = event.target instanceof Element && event.target.closest('button[data-copy]');
		if (!button) return;
		const status = document.getElementById(button.getAttribute('data-copy-status') ?? '');
		const say = (done: boolean) => {
			status?.children[0]?.toggleAttribute('hidden', !done);
			status?.children[1]?.toggleAttribute('hidden', done);
		};
		// No clipboard where the page is not served over HTTPS: said as a copy that failed.
		Promise.resolve(navigator.clipboard?.writeText(button.getAttribute('data-copy') ?? '')).then(
			() => say(Boolean(navigator.clipboard)),
			() => say(false)
		);
	});
}

export const COPY_BUTTONS_SCRIPT = `(${keepCopyButtons.toString()})()`;
