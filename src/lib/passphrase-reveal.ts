/**
 * The Show button beside a passphrase (`button[data-reveal]`, PassphraseField.svelte): a press
 * shows what was typed, to check it on a small keyboard, and a second hides it again. Part of the
 * script every page's head runs (head-script.ts), so that signing in needs no framework and the
 * button works as soon as the page shows. The button names its field (`aria-controls`) and holds
 * both its words, "Show" then "Hide", the one not in use `hidden`.
 * Sent as its source text (`PASSPHRASE_REVEAL_SCRIPT`): it may use nothing from outside its body.
 */
function keepPassphraseReveal() {
	document.addEventListener('click', (event) => {
		const button = event.target instanceof Element && event.target.closest('button[data-reveal]');
		const field = button && document.getElementById(button.getAttribute('aria-controls') ?? '');
		if (!button || !(field instanceof HTMLInputElement)) return;
		const show = field.type === 'password';
		field.type = show ? 'text' : 'password';
		button.children[0]?.toggleAttribute('hidden', show);
		button.children[1]?.toggleAttribute('hidden', !show);
	});
}

export const PASSPHRASE_REVEAL_SCRIPT = `(${keepPassphraseReveal.toString()})()`;
