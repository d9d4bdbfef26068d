import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';

// A form's result may hold secrets (a new member's session token and recovery codes). It is kept
// encrypted under a key derived from the form key, which only the browser that rendered the form
// holds; the database sees the ciphertext and a hash of the form key, never the key.

/** One use of a form key: the kind of form (its scope) and the key it was rendered with. */
export interface FormKeyUse {
	scope: string;
	key: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The row's id: SHA-256 (hex) of `scope:key`. */
export function formKeyHash({ scope, key }: FormKeyUse): string {
	return createHash('sha256').update(`${scope}:${key}`).digest('hex');
}

function sealingKey({ scope, key }: FormKeyUse): Buffer {
	return Buffer.from(hkdfSync('sha256', key, '', `circles form result:${scope}`, 32));
}

/** AES-256-GCM of the value (structured-clone bytes, so dates and bigints survive): iv, text, tag. */
export function sealResult(value: unknown, use: FormKeyUse): Buffer {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', sealingKey(use), iv);
	const text = Buffer.concat([cipher.update(serialize(value)), cipher.final()]);
	return Buffer.concat([iv, text, cipher.getAuthTag()]);
}

/** The value sealed under this key and scope; throws for any other key or scope, or altered bytes. */
export function openResult<T>(sealed: Uint8Array, use: FormKeyUse): T {
	const bytes = Buffer.from(sealed);
	const decipher = createDecipheriv('aes-256-gcm', sealingKey(use), bytes.subarray(0, IV_BYTES));
	decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
	const text = Buffer.concat([
		decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
		decipher.final()
	]);
	return deserialize(text) as T;
}
