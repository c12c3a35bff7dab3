/**
 * Long work written as a generator that pauses (`yield`) where it may be interrupted: run to the end at once, or in
 * slices that give the event loop a turn (the app's main process keeps serving meanwhile).
 */
export type Steps<T> = Generator<void, T, void>

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

export async function runStepsInSlices<T>(steps: Steps<T>, sliceMs: number): Promise<T> {
  let started = performance.now()
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
    if (performance.now() - started >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      started = performance.now()
    }
  }
}
