import { randomUUID } from 'node:crypto';
import os from 'node:os';

/**
 * Identity of a process that claims jobs: `host:pid:token`. The token tells two managers in one process apart
 * (tests start several), so a job left by a stopped manager is not mistaken for a live one.
 */
export function newOwnerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Whether the process named in `owner` may still be running its job. Same host: the pid is checked with signal 0
 * (ESRCH = gone); our own pid with another token is a manager that no longer exists unless `liveOwners` lists it.
 * Another host: unknown, so true, and the heartbeat's staleness decides instead.
 */
export function isOwnerAlive(owner: string, liveOwners: ReadonlySet<string>): boolean {
  if (liveOwners.has(owner)) return true;
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid)) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
