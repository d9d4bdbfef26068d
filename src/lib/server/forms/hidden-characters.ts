/**
 * Control characters no keyboard types: NUL, which PostgreSQL cannot store in text at all (the
 * query fails), and the others of C0 and DEL, which print as nothing. Tab, line feed and carriage
 * return are typed and kept.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

export const hasHiddenCharacters = (text: string) => HIDDEN.test(text);

/**
 * Whether a form sent to the server carries a hidden character in any field's name or value. Read
 * from a copy of the request, so the action still reads the form itself; a body that cannot be read
 * as a form is left for the action to refuse.
 */
export async function formHasHiddenCharacters(request: Request): Promise<boolean> {
	if (request.method !== 'POST') return false;
	const type = request.headers.get('content-type') ?? '';
	if (
		!type.startsWith('application/x-www-form-urlencoded') &&
		!type.startsWith('multipart/form-data')
	)
		return false;
	let form: FormData;
	try {
		form = await request.clone().formData();
	} catch {
		return false;
	}
	for (const [name, value] of form) {
		if (hasHiddenCharacters(name) || (typeof value === 'string' && hasHiddenCharacters(value)))
			return true;
	}
	return false;
}
