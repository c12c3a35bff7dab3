import { call, transportKind, withSessionToken } from '../../api/client'
import { HTTP_DOWNLOAD_PATH } from '../../../shared/api/transport'
import type { TaskProgress } from '../../../shared/api/types'
import type { SliceCreator } from '../../store/types'

export interface TasksSlice {
  /** Background work reported by task events, newest last. Finished tasks linger briefly so the end is visible. */
  tasks: TaskProgress[]
  applyTask(task: TaskProgress): void
  dismissTask(taskId: string): void
  /** Asks main to stop a running task (an export); its last event then says cancelled. */
  cancelTask(taskId: string): Promise<void>
}

/** The plain file name of a path from main (either separator). */
export function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file
}

/** Where browser mode serves a finished export, by plain name (the session token is added when the link is made). */
export function downloadHref(file: string): string {
  return `${HTTP_DOWNLOAD_PATH}?file=${encodeURIComponent(fileName(file))}`
}

const LINGER_MS = 5_000

export const createTasksSlice: SliceCreator<TasksSlice> = (set, get) => ({
  tasks: [],

  applyTask(task) {
    set((s) => {
      const i = s.tasks.findIndex((t) => t.taskId === task.taskId)
      if (i < 0) return { tasks: [...s.tasks, task] }
      const tasks = [...s.tasks]
      tasks[i] = task
      return { tasks }
    })
    if (task.kind === 'export' && task.state === 'done' && task.result) {
      const name = fileName(task.result.file)
      // Browser mode: the file is on the server's disk, so it is offered as a download. Desktop app: the path is said
      // and the file can be shown in the system's file manager.
      if (transportKind() === 'web')
        get().notify('success', `Exported ${task.done.toLocaleString()} tickets to ${name}.`, {
          href: withSessionToken(downloadHref(task.result.file)),
          label: 'Download',
          download: name,
        })
      else
        get().notify('success', `Exported ${task.done.toLocaleString()} tickets to ${task.result.file}.`, undefined, {
          label: 'Show in folder',
          run: () => {
            call('export.showInFolder', { file: name }).catch((err: unknown) =>
              get().reportError(err, 'show the export in its folder'),
            )
          },
        })
    }
    if (task.state === 'failed') {
      get().notify('error', task.error ?? `${task.label} did not finish. Nothing else was changed.`)
      get().dismissTask(task.taskId)
    } else if (task.state !== 'running') {
      window.setTimeout(() => get().dismissTask(task.taskId), LINGER_MS)
    }
  },

  dismissTask(taskId) {
    set((s) => ({ tasks: s.tasks.filter((t) => t.taskId !== taskId) }))
  },

  async cancelTask(taskId) {
    try {
      await call('task.cancel', { taskId })
    } catch (err) {
      get().reportError(err, 'cancel the export')
    }
  },
})
