/**
 * Control characters no keyboard types: NUL, which PostgreSQL cannot store in text at all (the
 * query fails), and the others of C0 and DEL, which print as nothing. Tab, line feed and carriage
 * return are typed and kept. Half of a surrogate pair, alone (a socket event can carry one; a form
 * cannot), is not a character at all and could not be stored as it was sent.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff]/u;

export const hasHiddenCharacters = (text: string) => HIDDEN.test(text);

/**
 * What makes a form sent to the server unfit for any action: a hidden character in a field's name
 * or value, or a file (no form here takes one; an action reading text would get a File). Read from
 * a copy of the request, so the action still reads the form itself; a body that cannot be read as
 * a form is left for the action to refuse.
 */
export async function formProblem(request: Request): Promise<'hidden_characters' | 'file' | null> {
	if (request.method !== 'POST') return null;
	const type = request.headers.get('content-type') ?? '';
	if (
		!type.startsWith('application/x-www-form-urlencoded') &&
		!type.startsWith('multipart/form-data')
	)
		return null;
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		return null;
	}
	let file = false;
	for (const [name, value] of form) {
		if (hasHiddenCharacters(name) || (typeof value === 'string' && hasHiddenCharacters(value)))
			return 'hidden_characters';
		if (typeof value !== 'string') file = true;
	}
	return file ? 'file' : null;
}

/** Whether a form sent to the server carries a hidden character in any field's name or value. */
export async function formHasHiddenCharacters(request: Request): Promise<boolean> {
	return (await formProblem(request)) === 'hidden_characters';
}
