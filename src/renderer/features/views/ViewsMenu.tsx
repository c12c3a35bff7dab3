import { useEffect, useRef, useState, type FormEvent } from 'react'
import { MAX_VIEW_FILE_BYTES, type SavedView } from '../../../shared/views'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Popover } from '../../components/Popover'
import { analystMessage } from '../../lib/errors'
import { useStore, type AppState } from '../../store'
import { hasDraft, useDraft } from './useDraft'
import { currentDefinition, definitionKey, isDefaultView } from './viewModel'

/** Offers text as a file download (browser and Electron alike; main never sees a user-chosen path). */
function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Whether the grid no longer shows what the current view saved (or, with no view, anything but every ticket). */
function isChanged(s: AppState): boolean {
  const current = s.views.find((v) => v.id === s.currentViewId)
  if (!current) return !isDefaultView(s)
  return definitionKey(currentDefinition(s)) !== definitionKey(current.definition)
}

function viewTitle(s: AppState): string {
  const current = s.views.find((v) => v.id === s.currentViewId)
  if (current) return current.name
  return isDefaultView(s) ? 'All tickets' : 'Unsaved view'
}

/** A name field for "Save as…" and rename; its text survives closing the window until saved or cancelled. */
function NameForm({
  draftKey,
  initial,
  submitLabel,
  onSubmit,
  onDone,
}: {
  draftKey: string
  initial: string
  submitLabel: string
  onSubmit(name: string): Promise<boolean>
  onDone(): void
}) {
  const [name, setName, clear] = useDraft(draftKey, initial)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!name.trim()) return
    setBusy(true)
    const ok = await onSubmit(name.trim())
    setBusy(false)
    if (ok) {
      clear()
      onDone()
    }
  }
  return (
    <form className="views-form" onSubmit={(e) => void submit(e)}>
      <label className="views-form-label">
        <span className="visually-hidden">View name</span>
        <input
          className="input"
          value={name}
          maxLength={80}
          placeholder="View name"
          data-testid="view-name"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="btn btn-primary btn-sm"
        disabled={busy || !name.trim()}
        data-testid="view-name-save"
      >
        {submitLabel}
      </button>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => {
          clear()
          onDone()
        }}
      >
        Cancel
      </button>
    </form>
  )
}

/** Saved views: open, save, save as, rename, duplicate, delete, export and import (a small JSON file). */
export function ViewsMenu() {
  const workspaceId = useStore((s) => s.info?.workspace?.id ?? null)
  const views = useStore((s) => s.views)
  const currentId = useStore((s) => s.currentViewId)
  const title = useStore(viewTitle)
  const changed = useStore(isChanged)
  const s = useStore.getState
  const [editing, setEditing] = useState<'save-as' | number | null>(() => (hasDraft('view-save-as') ? 'save-as' : null))
  const [confirmDelete, setConfirmDelete] = useState<SavedView | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    void s().loadViews()
  }, [workspaceId, s])

  const importFile = async (file: File): Promise<void> => {
    const fail = (message: string): void => s().notify('error', `The view in ${file.name} was not imported. ${message}`)
    if (file.size > MAX_VIEW_FILE_BYTES) {
      fail('This file is larger than 64 KB, so it is not a view exported by Ops Workbench.')
      return
    }
    try {
      const view = await s().importView(await file.text())
      s().openView(view.id)
      s().notify('success', `Imported the view "${view.name}".`)
    } catch (err) {
      fail(analystMessage(err, 'read the file'))
    }
  }

  return (
    <>
      <Popover
        testId="views-menu"
        title="Saved views"
        className="views-menu"
        label={
          <>
            <span data-testid="view-title">{title}</span>
            {changed && (
              <span className="views-changed" title="Changed since it was saved" aria-label="(changed)">
                ●
              </span>
            )}
          </>
        }
      >
        {(close) => (
          <div className="views-panel">
            {views.length === 0 ? (
              <p className="views-empty">No saved views yet.</p>
            ) : (
              <ul className="views-list" aria-label="Saved views">
                {views.map((v) => (
                  <li key={v.id} className={`views-item${v.id === currentId ? ' is-current' : ''}`}>
                    {editing === v.id ? (
                      <NameForm
                        draftKey={`view-rename-${v.id}`}
                        initial={v.name}
                        submitLabel="Rename"
                        onSubmit={(name) => s().renameView(v.id, name)}
                        onDone={() => setEditing(null)}
                      />
                    ) : (
                      <>
                        <button
                          type="button"
                          className="btn btn-ghost views-open"
                          data-testid="view-open"
                          aria-current={v.id === currentId ? 'true' : undefined}
                          onClick={() => {
                            s().openView(v.id)
                            close()
                          }}
                        >
                          {v.name}
                        </button>
                        <span className="views-actions">
                          <button type="button" className="btn btn-link btn-sm" onClick={() => setEditing(v.id)}>
                            Rename
                          </button>
                          <button
                            type="button"
                            className="btn btn-link btn-sm"
                            onClick={() => void s().duplicateView(v.id)}
                          >
                            Duplicate
                          </button>
                          <button
                            type="button"
                            className="btn btn-link btn-sm"
                            data-testid="view-export"
                            aria-label={`Export ${v.name}`}
                            onClick={() =>
                              void s()
                                .exportView(v.id)
                                .then((file) => file && download(file.fileName, file.content))
                            }
                          >
                            Export
                          </button>
                          <button
                            type="button"
                            className="btn btn-link btn-sm text-bad"
                            onClick={() => {
                              setConfirmDelete(v)
                              close()
                            }}
                          >
                            Delete
                          </button>
                        </span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <div className="views-footer">
              {editing === 'save-as' ? (
                <NameForm
                  draftKey="view-save-as"
                  initial=""
                  submitLabel="Save"
                  onSubmit={(name) => s().saveViewAs(name)}
                  onDone={() => {
                    setEditing(null)
                    close()
                  }}
                />
              ) : (
                <>
                  {currentId !== null && (
                    <button
                      type="button"
                      className="btn btn-sm"
                      disabled={!changed}
                      data-testid="view-save"
                      onClick={() => void s().saveCurrentView()}
                    >
                      Save
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn btn-sm"
                    data-testid="view-save-as"
                    onClick={() => setEditing('save-as')}
                  >
                    Save as…
                  </button>
                  <button
                    type="button"
                    className="btn btn-sm"
                    data-testid="view-import"
                    onClick={() => fileInput.current?.click()}
                  >
                    Import…
                  </button>
                </>
              )}
            </div>
          </div>
        )}
      </Popover>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="view-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void importFile(file)
        }}
      />
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete the view "${confirmDelete.name}"?`}
          confirmLabel="Delete view"
          danger
          onCancel={() => setConfirmDelete(null)}
          onConfirm={() => {
            void s().deleteView(confirmDelete.id)
            setConfirmDelete(null)
          }}
        >
          The tickets are not affected; only the saved filters, sort and columns are removed.
        </ConfirmDialog>
      )}
    </>
  )
}
