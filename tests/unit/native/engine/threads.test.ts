import { describe, expect, it } from 'vitest';
import { physicalCoresFromCpuinfo, threadPlan } from '../../../../native/engine/threads.js';

/** A /proc/cpuinfo text with one block per logical CPU: [physical id, core id] each. */
function cpuinfo(cpus: Array<[number, number]>): string {
  return cpus
    .map(([phys, core], i) => `processor\t: ${i}\nvendor_id\t: GenuineIntel\nphysical id\t: ${phys}\ncore id\t\t: ${core}\nflags\t\t: fpu sse4_2 avx2\n`)
    .join('\n');
}

describe('physicalCoresFromCpuinfo', () => {
  it('counts each (physical id, core id) pair once, so hyper-threads do not count', () => {
    // 4 cores with 2 threads each: 8 logical CPUs.
    expect(physicalCoresFromCpuinfo(cpuinfo([[0, 0], [0, 1], [0, 2], [0, 3], [0, 0], [0, 1], [0, 2], [0, 3]]))).toBe(4);
  });

  it('keeps the same core id on two sockets apart', () => {
    expect(physicalCoresFromCpuinfo(cpuinfo([[0, 0], [0, 1], [1, 0], [1, 1]]))).toBe(4);
  });

  it('counts a 2-vCPU VM that reports two cores as 2', () => {
    expect(physicalCoresFromCpuinfo(cpuinfo([[0, 0], [0, 1]]))).toBe(2);
  });

  it('returns null when no core ids are given (ARM kernels)', () => {
    expect(physicalCoresFromCpuinfo('processor\t: 0\nBogoMIPS\t: 48.00\n\nprocessor\t: 1\nBogoMIPS\t: 48.00\n')).toBeNull();
    expect(physicalCoresFromCpuinfo('')).toBeNull();
  });
});

describe('threadPlan', () => {
  it('uses the physical cores for one worker', () => {
    expect(threadPlan({ physicalCores: 4, logicalCpus: 8 }, 1)).toEqual({ threadsPerWorker: 4, cores: 4, source: 'physical cores' });
  });

  it('splits the cores between workers, at least one each', () => {
    expect(threadPlan({ physicalCores: 8, logicalCpus: 16 }, 2).threadsPerWorker).toBe(4);
    expect(threadPlan({ physicalCores: 8, logicalCpus: 16 }, 3).threadsPerWorker).toBe(2);
    expect(threadPlan({ physicalCores: 2, logicalCpus: 2 }, 4).threadsPerWorker).toBe(1);
  });

  it('caps the physical cores by the CPUs this process may use (affinity, cgroups)', () => {
    expect(threadPlan({ physicalCores: 16, logicalCpus: 4 }, 1)).toMatchObject({ threadsPerWorker: 4, cores: 4 });
  });

  it('falls back to the logical CPUs when the core ids are unknown', () => {
    expect(threadPlan({ physicalCores: null, logicalCpus: 6 }, 2)).toEqual({ threadsPerWorker: 3, cores: 6, source: 'logical cpus' });
  });

  it('takes a requested count as is (whole, at least 1), whatever the workers', () => {
    expect(threadPlan({ physicalCores: 2, logicalCpus: 2 }, 2, 3)).toMatchObject({ threadsPerWorker: 3, source: 'option' });
    expect(threadPlan({ physicalCores: 2, logicalCpus: 2 }, 1, 2.7).threadsPerWorker).toBe(2);
  });

  it('ignores a requested count that is not a positive number', () => {
    expect(threadPlan({ physicalCores: 2, logicalCpus: 4 }, 1, 0).source).toBe('physical cores');
    expect(threadPlan({ physicalCores: 2, logicalCpus: 4 }, 1, Number.NaN).threadsPerWorker).toBe(2);
  });
});
