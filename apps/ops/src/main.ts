import { loadConfig } from '@coffer/config';

import { seedDemo } from './seed-demo';

const USAGE = `usage: npm run ops -- <command>
  seed-demo    create the demo organisation and its cloud administrator (once); prints one JSON line`;

async function main(argv: string[]): Promise<void> {
  const [command] = argv;
  switch (command) {
    case 'seed-demo': {
      const seed = await seedDemo(loadConfig());
      console.log(JSON.stringify(seed));
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`ops: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
