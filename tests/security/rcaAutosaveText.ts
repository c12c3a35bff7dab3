/** The text the RCA autosave drill writes at sequence n: long enough to span pages, checkable whole. */
export function autosaveText(n: number): string {
  const line = `Autosave ${n}: the payout job skipped creators in the EU region after the 02:00 deploy. `
  return `#${n}#\n${line.repeat(40 + (n % 37))}`
}

/** The sequence number a stored text was written with, or null when it is not one of the drill's. */
export function sequenceOf(text: string): number | null {
  const m = /^#(\d+)#\n/.exec(text)
  return m ? Number(m[1]) : null
}
