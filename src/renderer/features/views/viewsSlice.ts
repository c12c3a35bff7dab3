import { call } from '../../api/client'
import type { SavedView } from '../../../shared/views'
import { analystTimeZone } from '../../lib/format'
import type { SliceCreator } from '../../store/types'
import { applyDefinition, currentDefinition, type ColumnLayout } from './viewModel'

export interface ViewsSlice {
  views: SavedView[]
  /** The saved view the grid was last opened from or saved as; null for "All tickets" or an unsaved view. */
  currentViewId: number | null
  /** Column order and widths as the analyst left them (kept across launches, with or without a saved view). */
  columnLayout: ColumnLayout
  /** Bumped when a view is opened, so the grid applies its column layout and sort. */
  viewApplied: number
  /** The workspace `views` came from: another workspace has other views, and no current one. */
  viewsWorkspace: string | null

  loadViews(): Promise<void>
  openView(id: number): void
  /** Saves what the grid shows under a new name; false (with the reason shown) when it could not be saved. */
  saveViewAs(name: string): Promise<boolean>
  /** Overwrites the current view with what the grid shows. */
  saveCurrentView(): Promise<void>
  renameView(id: number, name: string): Promise<boolean>
  duplicateView(id: number): Promise<void>
  deleteView(id: number): Promise<void>
  /** The view as a file to download. */
  exportView(id: number): Promise<{ fileName: string; content: string } | null>
  /** Saves the view in a file's text; throws the analyst-facing reason when it is refused. */
  importView(content: string): Promise<SavedView>
  setColumnLayout(layout: ColumnLayout): void
}

export const createViewsSlice: SliceCreator<ViewsSlice> = (set, get) => {
  const definition = () => currentDefinition(get())
  const replace = (view: SavedView): void => {
    set((s) => ({
      views: [...s.views.filter((v) => v.id !== view.id), view].sort((a, b) =>
        a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
      ),
    }))
  }

  return {
    views: [],
    currentViewId: null,
    columnLayout: [],
    viewApplied: 0,
    viewsWorkspace: null,

    async loadViews() {
      const workspace = get().info?.workspace?.id ?? null
      if (workspace !== get().viewsWorkspace) set({ views: [], currentViewId: null, viewsWorkspace: workspace })
      if (!workspace) return
      try {
        const views = await call('views.list', {})
        if (get().viewsWorkspace === workspace) set({ views })
      } catch (err) {
        get().reportError(err, 'list the saved views')
      }
    },

    openView(id) {
      const view = get().views.find((v) => v.id === id)
      if (!view) return
      const applied = applyDefinition(view.definition, analystTimeZone(), Date.now())
      set((s) => ({
        ...applied,
        visibleColumns: [...applied.visibleColumns],
        searchError: null,
        currentViewId: id,
        viewApplied: s.viewApplied + 1,
      }))
      void get().refreshSummary()
    },

    async saveViewAs(name) {
      try {
        const view = await call('views.save', { name, definition: definition() })
        replace(view)
        set({ currentViewId: view.id })
        get().notify('success', `Saved the view "${view.name}".`)
        return true
      } catch (err) {
        get().reportError(err, 'save the view')
        return false
      }
    },

    async saveCurrentView() {
      const id = get().currentViewId
      if (id === null) return
      try {
        const view = await call('views.update', { id, definition: definition() })
        replace(view)
        get().notify('success', `Saved the view "${view.name}".`)
      } catch (err) {
        get().reportError(err, 'save the view')
      }
    },

    async renameView(id, name) {
      try {
        replace(await call('views.update', { id, name }))
        return true
      } catch (err) {
        get().reportError(err, 'rename the view')
        return false
      }
    },

    async duplicateView(id) {
      try {
        replace(await call('views.duplicate', { id }))
      } catch (err) {
        get().reportError(err, 'duplicate the view')
      }
    },

    async deleteView(id) {
      try {
        await call('views.delete', { id })
        set((s) => ({
          views: s.views.filter((v) => v.id !== id),
          currentViewId: s.currentViewId === id ? null : s.currentViewId,
        }))
      } catch (err) {
        get().reportError(err, 'delete the view')
      }
    },

    async exportView(id) {
      try {
        return await call('views.export', { id })
      } catch (err) {
        get().reportError(err, 'export the view')
        return null
      }
    },

    async importView(content) {
      const view = await call('views.import', { content })
      replace(view)
      return view
    },

    setColumnLayout(layout) {
      set({ columnLayout: layout })
    },
  }
}
