/** CLI entry: `npm run cli -- <command>`. See src/main/cli/commands.ts. */
import { runCli } from './cli/commands'

const isTty = process.stderr.isTTY
runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  progress: (text) => {
    if (isTty) process.stderr.write(`\r\x1b[2K${text}`)
    else if (text) process.stderr.write(text + '\n')
  },
  env: process.env,
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Error: ${(err as Error).message}\n`)
    process.exit(1)
  },
)
