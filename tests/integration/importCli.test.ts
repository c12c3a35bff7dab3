import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/commands'
import { tempDir } from '../helpers/tmp'

const FIXTURES = path.resolve(__dirname, '../fixtures/import')

async function cli(args: string[]): Promise<{ code: number; out: string; err: string; progress: string[] }> {
  let out = ''
  let err = ''
  const progress: string[] = []
  const code = await runCli(args, {
    out: (t) => (out += t + '\n'),
    err: (t) => (err += t + '\n'),
    progress: (t) => progress.push(t),
    env: {},
  })
  return { code, out, err, progress }
}

describe('npm run cli -- import', () => {
  it('imports a file with a progress line, reports counts as JSON, and re-imports as unchanged', async () => {
    const dir = tempDir()
    const file = path.join(FIXTURES, 'quirks-semicolon.csv')
    const first = await cli([
      'import',
      file,
      '--source',
      'Quirks',
      '--time-zone',
      'UTC',
      '--json',
      '--data-dir',
      dir,
      '--no-demo',
    ])
    expect(first.code).toBe(0)
    expect(first.progress.some((p) => /^Importing quirks-semicolon\.csv: \d+ rows \(\d+%/.test(p))).toBe(true)
    expect(JSON.parse(first.out)).toMatchObject({
      sourceName: 'Quirks',
      state: 'done',
      rows: 7,
      inserted: 4,
      rejected: 3,
    })
    const again = await cli(['import', file, '--source', 'Quirks', '--time-zone', 'UTC', '--data-dir', dir])
    expect(again.code).toBe(0)
    expect(again.out).toMatch(
      /Imported 7 rows from quirks-semicolon\.csv into source "Quirks" .*: 0 new, 0 updated, 4 unchanged, 3 rejected\./,
    )
    expect(again.out).toMatch(/import\.report/)
  })

  it('writes the demo as a Zendesk-like CSV that imports whole', async () => {
    const dir = tempDir()
    const out = path.join(dir, 'demo.csv')
    const made = await cli(['demo-csv', out, '--tickets', '300', '--seed', '5', '--data-dir', dir])
    expect(made.code).toBe(0)
    expect(made.out).toMatch(/Wrote 300 tickets/)
    expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(
      /^Id,Subject,Description,Status,Priority,Ticket type,Category,Via,Tags/,
    )
    const imported = await cli(['import', out, '--json', '--time-zone', 'UTC', '--data-dir', dir, '--no-demo'])
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.out)).toMatchObject({ presetId: 'zendesk-csv', rows: 300, inserted: 300, rejected: 0 })
  })

  it('answers 2 for a usage mistake and 1 for a file it cannot import', async () => {
    const dir = tempDir()
    expect((await cli(['import', '--data-dir', dir])).code).toBe(2)
    const preset = await cli([
      'import',
      path.join(FIXTURES, 'basic.csv'),
      '--preset',
      'nope',
      '--data-dir',
      dir,
      '--no-demo',
    ])
    expect(preset.code).toBe(2)
    expect(preset.err).toMatch(/Unknown preset "nope"/)
    const ambiguous = await cli(['import', path.join(FIXTURES, 'ambiguous-dates.csv'), '--data-dir', dir, '--no-demo'])
    expect(ambiguous.code).toBe(2)
    expect(ambiguous.err).toMatch(/--date-order dmy/)
    const settled = await cli([
      'import',
      path.join(FIXTURES, 'ambiguous-dates.csv'),
      '--date-order',
      'dmy',
      '--json',
      '--data-dir',
      dir,
    ])
    expect(settled.code).toBe(0)
    const missing = await cli(['import', path.join(dir, 'nope.csv'), '--data-dir', dir, '--no-demo'])
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/nope\.csv cannot be read/)
  })
})
