// What an operator can watch: the registry and its metrics, who may read them, request timing.
export {
	connectionRefused,
	eventRefused,
	messageStored,
	observeRequest,
	recordBackup,
	scrapeMetrics,
	signInFailed,
	socketClosed,
	socketOpened,
	watchDatabasePool,
	writeRefused,
	type ConnectionRefusal,
	type SignInFailure,
	type WriteRefusal
} from './registry';
export { mayReadMetrics, metricsAccess, metricsRequest, type MetricsAccess } from './access';
export { timeRequest } from './request-timing';
