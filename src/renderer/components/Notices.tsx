import { useStore } from '../store'
import { Icon } from './Icon'

/** Messages for the analyst, bottom right above the status bar. Errors stay until dismissed; others fade. */
export function Notices() {
  const notices = useStore((s) => s.notices)
  const dismiss = useStore((s) => s.dismissNotice)
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <Icon name={n.tone === 'error' ? 'alert' : n.tone === 'success' ? 'check' : 'info'} className="notice-icon" />
          <p className="notice-text">
            {n.message}
            {n.link && (
              <>
                {' '}
                <a className="notice-link" href={n.link.href} download={n.link.download} data-testid="notice-download">
                  {n.link.label}
                </a>
              </>
            )}
            {n.action && (
              <>
                {' '}
                <button type="button" className="btn btn-link notice-link" onClick={n.action.run}>
                  {n.action.label}
                </button>
              </>
            )}
          </p>
          <button type="button" className="btn-icon" aria-label="Dismiss message" onClick={() => dismiss(n.id)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  )
}
