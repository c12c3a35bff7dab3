/** Browser mode entry: `npm run web -- [--port N] [--data-dir D] [--no-demo]`. Serves on 127.0.0.1 only. */
import path from 'node:path'
import { createBackend } from './app/backend'
import { intFlag, parseArgs, stringFlag, UsageError } from './cli/args'
import { resolveDataDir } from './workspace/dataDir'
import { startWebServer } from './web/server'
import { exportsDir } from './export/exportFiles'
import { uploadsDir } from './ingest/uploads'

const DEFAULT_PORT = 4870

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['no-demo', 'allow-loopback'], ['port', 'data-dir'])
  const port = intFlag(args, 'port', 0, 65_535)
  const dataDir = resolveDataDir(stringFlag(args, 'data-dir'))
  const log = (line: string): void => console.error(`[workbench] ${line}`)
  console.error(`Ops Workbench: data folder ${dataDir}`)
  const backend = await createBackend({
    dataDir,
    transport: 'web',
    noDemo: args.flags.has('no-demo'),
    log,
    // Test servers on 127.0.0.1 as sources: only when asked (WORKBENCH_ALLOW_LOOPBACK=1 works too).
    allowLoopback: args.flags.has('allow-loopback') || undefined,
  })
  const rendererDir = path.join(__dirname, '../renderer')
  let server
  try {
    server = await startWebServer({
      dispatch: backend.dispatch,
      onEvent: backend.onEvent,
      rendererDir,
      port: port ?? DEFAULT_PORT,
      downloadsDir: exportsDir(dataDir),
      uploadsDir: uploadsDir(dataDir),
      log,
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== undefined) throw err
    console.error(`Port ${DEFAULT_PORT} is in use; using a free port instead.`)
    server = await startWebServer({
      dispatch: backend.dispatch,
      onEvent: backend.onEvent,
      rendererDir,
      port: 0,
      downloadsDir: exportsDir(dataDir),
      uploadsDir: uploadsDir(dataDir),
      log,
    })
  }
  const ws = backend.manager.open?.info
  console.error(
    ws
      ? `Workspace: ${ws.name}${ws.isDemo ? ' (demo)' : ''}, ${ws.tickets.toLocaleString('en-US')} tickets`
      : `No workspace open: ${backend.manager.problem ?? ''}`,
  )
  // The one line scripts and tests wait for.
  console.log(`Ops Workbench is ready: ${server.launchUrl}`)
  const stop = (): void => {
    void server.close().then(() => {
      backend.close()
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\nUsage: npm run web -- [--port N] [--data-dir DIR] [--no-demo]`)
    process.exit(2)
  }
  const code = (err as NodeJS.ErrnoException).code
  console.error(
    code === 'EADDRINUSE'
      ? `That port is already in use. Choose another with --port.`
      : `Ops Workbench could not start: ${(err as Error).message}`,
  )
  process.exit(1)
})
