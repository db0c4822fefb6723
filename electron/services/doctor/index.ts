// The `doctor` feature: the diagnostics report (see doctor.ts).
export { DoctorService, runDoctor, defaultSelfTestAudio, type DoctorDeps, type DoctorOptions } from './doctor.js';
