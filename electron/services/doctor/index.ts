// The `doctor` feature: the diagnostics report (see doctor.ts).
export { DoctorService, defaultSelfTestAudio, type DoctorDeps, type DoctorOptions } from './doctor.js';
