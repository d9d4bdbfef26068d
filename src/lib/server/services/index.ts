// What other parts of the server may use of services. Everything else in this folder is its own.
export { exportOwnServiceData } from './own-data';
