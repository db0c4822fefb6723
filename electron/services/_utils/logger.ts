// One logger for every layer: the lowest layer (native/) owns it, so services, the CLI and the server share its root.
export { createLogger, setLogLevel, type Logger } from '../../../native/logging/index.js';
