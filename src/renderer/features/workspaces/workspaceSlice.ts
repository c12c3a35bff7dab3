import { call } from '../../api/client'
import type { WorkspaceInfo } from '../../../shared/api/types'
import type { SliceCreator } from '../../store/types'

export const DEFAULT_DEMO_TICKETS = 50_000
export const DEFAULT_DEMO_SEED = 42

export interface WorkspaceSlice {
  workspaces: WorkspaceInfo[] | null
  /** Bumped whenever the open workspace or its data changes: screens refetch and the grid starts over. */
  dataVersion: number
  /** The demo task this window started, to show its progress where it was asked for. */
  demoTaskId: string | null
  /** A workspace call is in flight (buttons wait for it). */
  workspaceBusy: boolean
  loadWorkspaces(): Promise<void>
  openWorkspace(id: string): Promise<void>
  createWorkspace(name: string): Promise<boolean>
  removeWorkspace(id: string): Promise<void>
  generateDemo(tickets: number, seed: number): Promise<void>
  /** Applies a workspace.changed event (or a call's answer); ignores repeats of what is already shown. */
  workspaceChanged(workspace: WorkspaceInfo | null): void
}

function sameWorkspace(a: WorkspaceInfo | null | undefined, b: WorkspaceInfo | null): boolean {
  if (!a || !b) return a === b
  return a.id === b.id && a.createdAt === b.createdAt && a.tickets === b.tickets && a.name === b.name
}

export const createWorkspaceSlice: SliceCreator<WorkspaceSlice> = (set, get) => ({
  workspaces: null,
  dataVersion: 0,
  demoTaskId: null,
  workspaceBusy: false,

  async loadWorkspaces() {
    try {
      set({ workspaces: await call('workspace.list', {}) })
    } catch (err) {
      get().reportError(err, 'list the workspaces')
    }
  },

  async openWorkspace(id) {
    set({ workspaceBusy: true })
    try {
      const ws = await call('workspace.open', { id })
      get().workspaceChanged(ws)
      get().notify('success', `Opened “${ws.name}”.`)
    } catch (err) {
      get().reportError(err, 'open the workspace')
    } finally {
      set({ workspaceBusy: false })
    }
  },

  async createWorkspace(name) {
    set({ workspaceBusy: true })
    try {
      const ws = await call('workspace.create', { name })
      get().workspaceChanged(ws)
      get().notify('success', `Created and opened “${ws.name}”.`)
      return true
    } catch (err) {
      get().reportError(err, 'create the workspace')
      return false
    } finally {
      set({ workspaceBusy: false })
    }
  },

  async removeWorkspace(id) {
    set({ workspaceBusy: true })
    try {
      await call('workspace.remove', { id })
      const name = get().workspaces?.find((w) => w.id === id)?.name ?? id
      get().notify('success', `Removed “${name}”.`)
      await get().loadWorkspaces()
      await get().loadInfo()
      set((s) => ({ dataVersion: s.dataVersion + 1, count: null }))
    } catch (err) {
      get().reportError(err, 'remove the workspace')
    } finally {
      set({ workspaceBusy: false })
    }
  },

  async generateDemo(tickets, seed) {
    try {
      const { taskId } = await call('demo.generate', { tickets, seed })
      set({ demoTaskId: taskId })
    } catch (err) {
      get().reportError(err, 'start creating the demo workspace')
    }
  },

  workspaceChanged(workspace) {
    const current = get().info?.workspace
    if (sameWorkspace(current, workspace)) return
    const switched = current?.id !== workspace?.id
    // The old count would tell the grid a stale total: drop it with the data it counted.
    set((s) => ({
      info: s.info ? { ...s.info, workspace } : s.info,
      dataVersion: s.dataVersion + 1,
      count: null,
    }))
    // Another workspace holds other values: filters and the open ticket belong to the one that was left.
    if (switched) get().resetCases()
    else get().selectTicket(null)
    void get().loadInfo()
    void get().loadWorkspaces()
  },
})
