/** The first admin of the end-to-end server, made by `npm run admin:create` in serve.js. */
export const E2E_ADMIN = { pseudonym: 'e2e_admin', passphrase: 'steady hands at work' };
