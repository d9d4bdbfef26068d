import { COPY_BUTTONS_SCRIPT } from './copy-buttons';
import { PASSPHRASE_REVEAL_SCRIPT } from './passphrase-reveal';
import { EARLY_SOCKET_SCRIPT } from './realtime/early-socket-script';
import { PRINT_BUTTONS_SCRIPT } from './print-buttons';
import { LEAVE_NOW_SCRIPT } from './quick-exit';

/**
 * The script every page's head runs (app.html, filled in by hooks.server.ts), before the page's
 * own scripts and on pages without any: Leave now, Print and Copy buttons, the passphrase's Show
 * button, and on a circle's live pages the opening of their WebSocket.
 * The page's policy allows it by its hash.
 */
export const HEAD_SCRIPT = [
	LEAVE_NOW_SCRIPT,
	PRINT_BUTTONS_SCRIPT,
	COPY_BUTTONS_SCRIPT,
	PASSPHRASE_REVEAL_SCRIPT,
	EARLY_SOCKET_SCRIPT
].join(';');
