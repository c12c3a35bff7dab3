import { useEffect } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useStore } from '../../store'
import { BulkBar } from './BulkBar'
import { FlagDialog, LabelDialog, ReviewDialog } from './BulkDialogs'
import { EscalationDialog } from './EscalationDialog'
import { NewEscalationDialog } from '../escalations/NewEscalationDialog'
import { UndoToast } from './UndoToast'

/** Everything of bulk actions above the grid: the bar, the last action's Undo, and their dialogs. */
export function BulkArea() {
  const dialog = useStore((s) => s.bulkDialog)
  const pending = useStore((s) => s.pendingBulk)
  const busy = useStore((s) => s.bulkBusy)
  const close = useStore((s) => s.openBulkDialog)
  const confirm = useStore((s) => s.confirmBulk)
  const cancel = useStore((s) => s.cancelBulk)
  const workspaceId = useStore((s) => s.info?.workspace?.id)
  const dataVersion = useStore((s) => s.dataVersion)
  const loadLastBulk = useStore((s) => s.loadLastBulk)
  const newEscalation = useStore((s) => s.newEscalationOpen)
  const openNewEscalation = useStore((s) => s.openNewEscalation)
  const onClose = () => close(null)

  // The workspace remembers its last bulk action, so Undo is offered again after a reload or a switch back.
  useEffect(() => {
    void loadLastBulk()
  }, [workspaceId, dataVersion, loadLastBulk])
  return (
    <>
      <BulkBar />
      <UndoToast />
      {dialog === 'label' && <LabelDialog onClose={onClose} />}
      {dialog === 'review' && <ReviewDialog onClose={onClose} />}
      {dialog === 'flag' && <FlagDialog onClose={onClose} />}
      {dialog === 'escalation' && <EscalationDialog onClose={onClose} />}
      {newEscalation && <NewEscalationDialog fromSelection onClose={() => openNewEscalation(false)} />}
      {pending && (
        <ConfirmDialog title={pending.question} confirmLabel="Apply" busy={busy} onConfirm={confirm} onCancel={cancel}>
          <p data-testid="bulk-confirm-text">
            This changes only your labels, review states, flags and escalations; you can undo it afterwards.
          </p>
        </ConfirmDialog>
      )}
    </>
  )
}
