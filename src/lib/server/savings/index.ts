// What other parts of the server may use of savings groups. Everything else in this folder is its
// own: the lint rules refuse an import of it from another domain (eslint.config.js).
export { eraseSavingsMemberships } from './former-member';
export { exportOwnSavingsData } from './own-data';
