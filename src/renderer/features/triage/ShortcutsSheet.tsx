import { Modal } from '../../components/Modal'
import { SHORTCUTS } from './keymap'

/** Every keyboard shortcut, from the one table the key handler uses. */
export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" className="shortcuts-sheet" testId="shortcuts-sheet" onClose={onClose}>
      <p className="muted shortcuts-note">Single keys work when you are not typing in a field.</p>
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.action} className="shortcut">
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && <span className="muted"> or </span>}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Modal>
  )
}
