import { useEffect, useRef, type ReactNode } from 'react'

interface ModalProps {
  title: string
  /** Shown to screen readers only when false. */
  showTitle?: boolean
  className?: string
  testId?: string
  children: ReactNode
  onClose(): void
}

/**
 * A modal dialog: the native `<dialog>` opened with showModal() makes the rest of the page inert (focus stays
 * inside), Escape closes it without reaching the page's own Escape handlers, and focus returns where it was.
 */
export function Modal({ title, showTitle = true, className, testId, children, onClose }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (dialog && !dialog.open) dialog.showModal()
    return () => {
      dialog?.close()
      if (returnTo?.isConnected) returnTo.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby="modal-title"
      className={`dialog${className ? ` ${className}` : ''}`}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          e.stopPropagation()
          onClose()
        }
      }}
    >
      <h2 id="modal-title" className={showTitle ? 'dialog-title' : 'visually-hidden'}>
        {title}
      </h2>
      {children}
    </dialog>
  )
}
