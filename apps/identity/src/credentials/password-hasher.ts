import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). The parameters are
 * encoded in each PHC string, so raising them later still verifies old hashes.
 */
const PARAMETERS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, PARAMETERS);
  }

  verify(phcHash: string, password: string): Promise<boolean> {
    return verify(phcHash, password).catch(() => false);
  }

  /** True when a hash was made with other parameters than today's: rehash it at the next sign-in. */
  needsRehash(phcHash: string): boolean {
    const match = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phcHash);
    if (!match) return true;
    const [, algorithm, memory, time, lanes] = match;
    return (
      algorithm !== 'argon2id' ||
      Number(memory) !== PARAMETERS.memoryCost ||
      Number(time) !== PARAMETERS.timeCost ||
      Number(lanes) !== PARAMETERS.parallelism
    );
  }

  /** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('dummy password that nobody has');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
