import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type InfraContext, InfraError } from './infra-context';
import { requireTool } from './processes';

/**
 * Resolves a runtime's jars from Maven Central into `libs`, with the pom written into `dir` and
 * the local repository in the machine's cache: once per machine, for Kafka and the database.
 */
export function resolveWithMaven(
  context: InfraContext,
  runtime: { what: string; dir: string; libs: string; pom: string },
): void {
  requireTool('java', ['-version'], 'install a Java 17 runtime (Debian: openjdk-17-jre-headless)');
  requireTool('mvn', ['-v'], 'install Maven (Debian: maven)');
  mkdirSync(runtime.dir, { recursive: true });
  writeFileSync(join(runtime.dir, 'pom.xml'), runtime.pom);
  console.log(`infra: resolving ${runtime.what} from Maven Central (first time only)`);
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      'dependency:copy-dependencies',
      `-DoutputDirectory=${runtime.libs}`,
      `-Dmaven.repo.local=${join(context.cacheDir, 'm2')}`,
    ],
    { cwd: runtime.dir, stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new InfraError(`Maven could not resolve ${runtime.what}; see the output above`);
}
