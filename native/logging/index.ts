// The one logger root of every layer (pino on stderr): services, the CLI and the server share it through here.
export { createLogger, setLogLevel, type Logger } from '../_utils/logger.js';
