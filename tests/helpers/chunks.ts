/**
 * Where a stream's reads fall: the ranges a text or byte string of `length` is cut into at the given points (taken
 * modulo length + 1, so any natural numbers from a property test will do), in order and covering it all.
 */
export function chunkRanges(length: number, cuts: readonly number[]): [number, number][] {
  const points = [...new Set(cuts.map((c) => c % (length + 1)))].sort((a, b) => a - b)
  const ranges: [number, number][] = []
  let from = 0
  for (const p of points) {
    ranges.push([from, p])
    from = p
  }
  ranges.push([from, length])
  return ranges
}
