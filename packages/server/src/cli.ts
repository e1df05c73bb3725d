import { ConfigError } from '@northstar/core';
import { UsageError } from './cli/args.ts';
import { candidates } from './cli/candidates.ts';
import { checkConfig } from './cli/check-config.ts';
import { importFile } from './cli/import.ts';
import { serve } from './cli/serve.ts';

const HELP = `Usage: northstar <command> [options]

Commands:
  serve          run the collector and metrics server
  import FILE    import NDJSON history (into the running server or the data directory)
  check-config F validate a config and print each metric's definition
  candidates     rank the metrics as North Star candidates (how well the action predicts return)

Run \`northstar <command> --help\` for a command's options.`;

const out = (line: string) => process.stdout.write(`${line}\n`);

/** The `northstar` CLI. Returns the exit status; `serve` returns once it has shut down. */
export async function main(argv: string[]): Promise<number> {
  const [verb, ...args] = argv;
  try {
    switch (verb) {
      case 'serve':
        return await serve(args, out);
      case 'import':
        return await importFile(args, out);
      case 'check-config':
        return await checkConfig(args, out);
      case 'candidates':
        return await candidates(args, out);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        out(HELP);
        return verb === undefined ? 2 : 0;
      default:
        throw new UsageError(
          `northstar: unknown command "${verb}". Commands: serve, import, check-config, candidates. Run \`northstar --help\`.`,
        );
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException & { port?: number; address?: string };
    if (err?.code === 'EADDRINUSE') {
      process.stderr.write(`northstar ${verb}: ${err.address}:${err.port} is already in use; choose another with --port\n`);
      return 1;
    }
    process.stderr.write(`northstar ${verb}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
