import { validatePst } from '@coffer/pst';
import { ServiceCallError } from '@coffer/service-kit';

import { checkConsistencyWithin, formatFindings } from './consistency-check';
import { createOrganization } from './create-organization';
import { showEvent, tailEvents } from './event-inspection';
import { importMailbox } from './import-mailbox';
import { mboxToPst } from './mbox-to-pst';
import { opsConfig } from './ops-config';
import { formatProjectionsStatus, projectionsStatus, rebuildAuditTrail } from './projections';
import { seedDemo } from './seed-demo';
import { formatServicesStatus, servicesStatus } from './service-status';

const USAGE = `usage: npm run ops -- <command>
  seed-demo    create the demo organisation, its cloud administrator and a user with a Gmail backup (once); prints one JSON line
  create-organization --name <name> --admin-email <email> [--admin-name <name>]
               a customer organisation and its first cloud administrator, who is emailed a link to
               choose a password; prints one JSON line
  mbox-to-pst <file.mbox | folder of .eml> <out.pst> [--split-mb N]
               convert mail to an Outlook PST offline; Gmail labels become folders; prints one JSON line
  import-mailbox --org <id> --user <email> --source gmail|exchange-online <file.mbox | folder of .eml | Maildir>
               import a user's mailbox backup (again: only what is missing); prints one JSON summary
  validate-pst <file.pst>
               check a PST against the structural rules of [MS-PST]; prints the report, exits 1 if broken
  status [--json]
               each service's health, outbox backlog and projection lag; exits 1 if one is down
  check [--wait <seconds>] [--json]
               compare every service's stored events with the audit trail and its read models;
               prints what is missing or duplicated, exits 1 on any difference
  projections status [--json] | projections rebuild audit [--dry-run]
               where each projection has read to; rebuild the audit trail from the topics
  events tail --topic <name> [--limit N] | events show <event id>
               read events off a topic`;

async function main(argv: string[]): Promise<void> {
  const [command] = argv;
  switch (command) {
    case 'seed-demo': {
      const seed = await seedDemo(opsConfig());
      console.log(JSON.stringify(seed));
      return;
    }
    case 'create-organization': {
      const { flags, rest } = parseFlags(argv.slice(1), ['name', 'admin-email']);
      if (rest.length > 0 || Object.keys(flags).some((flag) => !CREATE_FLAGS.has(flag)))
        throw new UsageError();
      const created = await createOrganization(opsConfig(), {
        name: flags.name,
        adminEmail: flags['admin-email'],
        adminName: flags['admin-name'],
      });
      console.log(JSON.stringify(created));
      return;
    }
    case 'mbox-to-pst': {
      const [input, output, flag, value] = argv.slice(1);
      if (
        !input ||
        !output ||
        (flag !== undefined && (flag !== '--split-mb' || !(Number(value) > 0)))
      ) {
        throw new UsageError();
      }
      const maxPartBytes = flag ? Number(value) * 1024 * 1024 : undefined;
      console.log(JSON.stringify(await mboxToPst(input, output, { maxPartBytes })));
      return;
    }
    case 'import-mailbox': {
      const options = parseFlags(argv.slice(1), ['org', 'user', 'source']);
      const source = options.flags.source;
      if (
        !options ||
        options.rest.length !== 1 ||
        (source !== 'gmail' && source !== 'exchange-online')
      ) {
        throw new UsageError();
      }
      const summary = await importMailbox(opsConfig(), {
        orgId: options.flags.org,
        userEmail: options.flags.user,
        source,
        path: options.rest[0],
      });
      console.log(JSON.stringify(summary));
      return;
    }
    case 'validate-pst': {
      const [path] = argv.slice(1);
      if (!path) throw new UsageError();
      const report = validatePst(path);
      console.log(JSON.stringify(report, null, 2));
      if (!report.valid) process.exitCode = 1;
      return;
    }
    case 'status': {
      const rows = await servicesStatus(opsConfig());
      console.log(
        argv[1] === '--json' ? JSON.stringify(rows, null, 2) : formatServicesStatus(rows),
      );
      if (rows.some((row) => !row.up)) process.exitCode = 1;
      return;
    }
    case 'check': {
      const json = argv.includes('--json');
      const { flags, rest } = parseFlags(
        argv.slice(1).filter((arg) => arg !== '--json'),
        [],
      );
      const waitSeconds = flags.wait === undefined ? 0 : Number(flags.wait);
      if (
        !Number.isInteger(waitSeconds) ||
        waitSeconds < 0 ||
        waitSeconds > 3_600 ||
        rest.length > 0 ||
        Object.keys(flags).some((flag) => flag !== 'wait')
      )
        throw new UsageError();
      const findings = await checkConsistencyWithin(opsConfig(), waitSeconds);
      console.log(json ? JSON.stringify(findings, null, 2) : formatFindings(findings));
      if (!findings.consistent) process.exitCode = 1;
      return;
    }
    case 'projections': {
      const [action, target, ...rest] = argv.slice(1);
      if (action === 'status') {
        const statuses = await projectionsStatus(opsConfig());
        console.log(
          target === '--json'
            ? JSON.stringify(statuses, null, 2)
            : formatProjectionsStatus(statuses),
        );
        return;
      }
      if (action !== 'rebuild' || target !== 'audit' || rest.some((flag) => flag !== '--dry-run'))
        throw new UsageError();
      const result = await rebuildAuditTrail(opsConfig(), { dryRun: rest.includes('--dry-run') });
      console.log(JSON.stringify(result, null, 2));
      if ('state' in result && result.state === 'failed') process.exitCode = 1;
      return;
    }
    case 'events': {
      const [action, ...rest] = argv.slice(1);
      if (action === 'tail') {
        const { flags } = parseFlags(rest, ['topic']);
        const limit = flags.limit ? Number(flags.limit) : 20;
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError();
        for (const message of await tailEvents(opsConfig(), flags.topic, limit))
          console.log(JSON.stringify(message));
        return;
      }
      if (action === 'show' && rest.length === 1) {
        const found = await showEvent(opsConfig(), rest[0]);
        if (!found) {
          console.error(`no event with id ${rest[0]} in any event topic`);
          process.exitCode = 1;
          return;
        }
        console.log(JSON.stringify(found, null, 2));
        return;
      }
      throw new UsageError();
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

class UsageError extends Error {}

const CREATE_FLAGS = new Set(['name', 'admin-email', 'admin-name']);

/** `--name value` pairs, all of `required` present, and the remaining arguments. */
function parseFlags(
  args: string[],
  required: string[],
): { flags: Record<string, string>; rest: string[] } {
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      const value = args[++i];
      if (value === undefined) throw new UsageError();
      flags[args[i - 1].slice(2)] = value;
    } else rest.push(args[i]);
  }
  if (required.some((name) => !flags[name])) throw new UsageError();
  return { flags, rest };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(USAGE);
    process.exit(2);
  }
  console.error(`ops: ${describeFailure(error)}`);
  process.exit(1);
});

/** A service's refusal with its code, as scripts grep for it; anything else by its message. */
function describeFailure(error: unknown): string {
  if (error instanceof ServiceCallError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : JSON.stringify(error);
}
