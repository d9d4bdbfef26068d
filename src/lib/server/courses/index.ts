// What other parts of the server may use of courses. Everything else in this folder is its own.
export { forgetOldLookups } from './certificates';
export { expireOffers } from './offer-expiry';
export { exportOwnCourseData } from './own-data';
