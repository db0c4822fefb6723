import fs from 'node:fs';
import os from 'node:os';

/**
 * Physical cores in a /proc/cpuinfo text: the distinct (`physical id`, `core id`) pairs, so the two hardware
 * threads of one hyper-threaded core count once. Returns null when the text names no core ids (ARM kernels,
 * some VMs, a non-Linux system), so the caller can fall back to the logical CPU count.
 */
export function physicalCoresFromCpuinfo(cpuinfo: string): number | null {
  const cores = new Set<string>();
  for (const block of cpuinfo.split(/\n\s*\n/)) {
    const phys = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1] ?? '0';
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (core !== undefined) cores.add(`${phys}:${core}`);
  }
  return cores.size > 0 ? cores.size : null;
}

/** What threadPlan needs to know about the machine. */
export interface CpuTopology {
  /** Physical cores (null: unknown). */
  physicalCores: number | null;
  /** Logical CPUs this process may run on (os.availableParallelism(): affinity and cgroup limits applied). */
  logicalCpus: number;
}

/** How whisper.cpp's threads are spread over the engine's workers. */
export interface ThreadPlan {
  /** `n_threads` of each worker's whisper pass. */
  threadsPerWorker: number;
  /** Cores the plan shares out (the cap it started from). */
  cores: number;
  /** Where the figure comes from, for logs and `earshot doctor`. */
  source: 'option' | 'physical cores' | 'logical cpus';
}

/**
 * Threads per worker: `requested` when given (clamped to at least 1), else the usable cores split evenly
 * between `workers` (at least 1 each). Usable cores are the physical cores, capped by the logical CPUs the
 * process may use; the logical count alone when the core ids are unknown. Hyper-threads are left out on
 * purpose: ggml's matrix kernels saturate a core's vector units, and on a loaded 2-core machine 2 threads
 * ran slower than 1 (jfk.wav 4.46 s vs 2.78 s, issue 13), so oversubscribing costs time.
 */
export function threadPlan(topology: CpuTopology, workers: number, requested?: number): ThreadPlan {
  const w = Math.max(1, Math.floor(workers));
  const logical = Math.max(1, Math.floor(topology.logicalCpus));
  if (requested !== undefined && Number.isFinite(requested) && requested > 0) {
    return { threadsPerWorker: Math.max(1, Math.floor(requested)), cores: logical, source: 'option' };
  }
  const physical = topology.physicalCores;
  const cores = physical !== null && physical > 0 ? Math.min(physical, logical) : logical;
  return {
    threadsPerWorker: Math.max(1, Math.floor(cores / w)),
    cores,
    source: physical !== null && physical > 0 ? 'physical cores' : 'logical cpus',
  };
}

/** This machine's topology: /proc/cpuinfo's core ids (Linux) and os.availableParallelism(). */
export function readCpuTopology(): CpuTopology {
  let physicalCores: number | null;
  try {
    physicalCores = physicalCoresFromCpuinfo(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    physicalCores = null;
  }
  return { physicalCores, logicalCpus: os.availableParallelism() };
}
