import { readFileSync } from 'node:fs';

import type { DbCommandRecord } from '@coffer/service-kit';

import { commandsPerRequest } from './commands-per-request';
import { checkDbCommands, strayAllowances } from './db-command-check';
import { HOT_PATH_RULES } from './hot-paths';

const USAGE = 'usage: check-db-commands <command log (COFFER_DB_COMMAND_LOG)> [--counts] [--json]';

/**
 * Reads the command log the services wrote during a test run and fails (exit 1) when a hot
 * collection was read or written by anything but `_id` equality, unless the allow-list names
 * the shape and its index. `--counts` also prints the commands each kind of request sent.
 */
function main(args: string[]): number {
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const records = readRecords(file);
  const stray = strayAllowances(HOT_PATH_RULES);
  const violations = checkDbCommands(records, HOT_PATH_RULES);
  const counts = args.includes('--counts') ? commandsPerRequest(records) : undefined;
  if (args.includes('--json')) {
    console.log(JSON.stringify({ commands: records.length, violations, stray, counts }));
  } else {
    console.log(`check-db-commands: ${records.length} commands read from ${file}`);
    for (const entry of stray)
      console.log(
        `allow-list entry for a collection not on the hot list: ${entry.service}/${entry.collection}`,
      );
    for (const violation of violations) {
      console.log(
        `NOT BY _id  ${violation.service}/${violation.collection} ${violation.command} ${violation.shape}` +
          `  ×${violation.count}  from ${violation.operations.join(', ')}`,
      );
    }
    if (counts) {
      console.log('\ncommands per request (min / mean / max, requests):');
      for (const count of counts) {
        console.log(
          `  ${count.service} ${count.operation}: ${count.min} / ${count.mean.toFixed(1)} / ${count.max}` +
            ` (${count.requests})  ${JSON.stringify(count.commands)}`,
        );
      }
    }
    console.log(
      violations.length === 0 && stray.length === 0
        ? 'every hot collection was read and written by _id or an allowed, indexed shape'
        : `${violations.length} shape(s) on hot collections are neither _id equality nor allowed`,
    );
  }
  return violations.length === 0 && stray.length === 0 ? 0 : 1;
}

function readRecords(file: string): DbCommandRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as DbCommandRecord;
      } catch {
        throw new Error(`${file}:${index + 1} is not a JSON line`);
      }
    });
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`check-db-commands: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
