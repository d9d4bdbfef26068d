/**
 * Print buttons (`button[data-print]`, PrintButton.svelte): a press opens the browser's print
 * dialog. Part of the script every page's head runs (head-script.ts), so that a page whose only
 * script would be its Print button (a certificate, a passbook, a share-out) needs no framework.
 * Sent as its source text (`PRINT_BUTTONS_SCRIPT`): it may use nothing from outside its body.
 */
function keepPrintButtons() {
	document.addEventListener('click', (event) => {
		if (event.target instanceof Element && event.target.closest('button[data-print]')) print();
	});
}

export const PRINT_BUTTONS_SCRIPT = `(${keepPrintButtons.toString()})()`;
