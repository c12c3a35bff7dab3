/** A small argument parser shared by the CLI and browser mode: `--name value`, `--name=value`, `--flag`, positionals. */
export interface ParsedArgs {
  positionals: string[]
  flags: Map<string, string | true>
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/**
 * Parses argv. Options not named in `booleanFlags` or `valueFlags` are refused, so a typo is reported as unknown
 * rather than swallowing the next argument as its value.
 */
export function parseArgs(
  argv: readonly string[],
  booleanFlags: readonly string[],
  valueFlags: readonly string[],
): ParsedArgs {
  const positionals: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (!name) throw new UsageError(`Malformed option "${arg}".`)
    if (!booleanFlags.includes(name) && !valueFlags.includes(name)) throw new UsageError(`Unknown option --${name}.`)
    if (eq !== -1) flags.set(name, arg.slice(eq + 1))
    else if (booleanFlags.includes(name)) flags.set(name, true)
    else {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) throw new UsageError(`Option --${name} needs a value.`)
      flags.set(name, next)
      i++
    }
  }
  return { positionals, flags }
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name)
  if (v === true) throw new UsageError(`Option --${name} needs a value.`)
  return v
}

export function intFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = stringFlag(args, name)
  if (v === undefined) return undefined
  const n = Number(v.replace(/[_,]/g, ''))
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got "${v}").`)
  }
  return n
}

/** Rejects options the command does not know, so a typo is never silently ignored. */
export function checkFlags(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (!known.includes(name)) throw new UsageError(`Unknown option --${name}.`)
  }
}
