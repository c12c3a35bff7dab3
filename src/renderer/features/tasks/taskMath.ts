import type { TaskProgress } from '../../../shared/api/types'

/** Share done, 0..1, or null when the total is unknown. */
export function taskFraction(task: TaskProgress): number | null {
  if (task.total === null || task.total <= 0) return null
  return Math.min(1, Math.max(0, task.done / task.total))
}

/**
 * Time left in ms at the average rate so far, or null until there is enough to go on (a second of work and some
 * progress), so the estimate does not jump around in the first moments.
 */
export function taskRemainingMs(task: TaskProgress, now: number): number | null {
  if (task.state !== 'running' || task.total === null) return null
  const elapsed = now - (task.stage?.startedAt ?? task.startedAt)
  if (elapsed < 1_000 || task.done <= 0) return null
  const rate = task.done / elapsed
  return Math.max(0, (task.total - task.done) / rate)
}

/** Units per second at the average rate so far, or null in the first second (or when not running, or in a stage). */
export function taskRate(task: TaskProgress, now: number): number | null {
  // A stage's units are shares of its work, not things an analyst counts: no rate for them.
  if (task.state !== 'running' || task.stage) return null
  const elapsed = now - task.startedAt
  if (elapsed < 1_000 || task.done <= 0) return null
  return Math.round((task.done / elapsed) * 1000)
}
