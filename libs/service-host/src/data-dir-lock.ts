import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirectoryInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`${dataDir} is in use by another Referral Ledger process (pid ${pid}); stop it first, or give this one another DATA_DIR`);
    this.name = 'DataDirectoryInUseError';
  }
}

/**
 * One embedded platform per DATA_DIR: two processes on one PGlite directory would each overwrite the
 * other's writes. A lock file holds the owner's pid; a file left by a process that died is taken over.
 */
export function lockDataDirectory(dataDir: string): { release(): void } {
  const path = join(dataDir, 'platform.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirectoryInUseError(dataDir, owner);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
