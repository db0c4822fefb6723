// `earshot doctor`'s service: the diagnostics report (see doctor.ts).
export { runDoctor, defaultSelfTestAudio, type DoctorOptions } from './doctor.js';
