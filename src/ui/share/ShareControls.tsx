/**
 * Header controls for scenarios: Share (copies the full link and puts it in the address bar),
 * Export (the minimal scenario JSON), Import (a JSON file through the one restore door) and the
 * Library. When the browser refuses the clipboard, the link is shown in a text field to copy by
 * hand.
 */
import { useRef, useState } from 'react';
import { useApp, useAppStore, useT } from '../context';
import { copyText, downloadText, exportFileName, scenarioJson, shareUrl } from './files';
import { openFileText } from './open';

const FILE_BYTES_MAX = 1024 * 1024;

type Status = { kind: 'copied' } | { kind: 'fallback'; url: string } | { kind: 'imported'; name: string } | null;

export function ShareControls() {
  const t = useT();
  const store = useAppStore();
  const setGalleryOpen = useApp((s) => s.setGalleryOpen);
  const [status, setStatus] = useState<Status>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const share = async () => {
    const url = shareUrl(store.getState().scenario, window.location);
    // replaceState does not fire hashchange, so the run is not restarted by its own link.
    window.history.replaceState(null, '', url);
    setStatus((await copyText(url)) ? { kind: 'copied' } : { kind: 'fallback', url });
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const st = store.getState();
    if (file.size > FILE_BYTES_MAX) {
      st.setNotice({ source: 'file', kind: 'malformed', problems: [`file: larger than ${FILE_BYTES_MAX / 1024} KiB`] });
      return;
    }
    const opened = openFileText(await file.text());
    if (opened.ok) {
      st.setScenario(opened.scenario);
      st.setNotice(null);
      setStatus({ kind: 'imported', name: file.name });
    } else {
      st.setNotice(opened.notice);
      setStatus(null);
    }
  };

  return (
    <div className="share-controls">
      <button type="button" data-action="gallery" title={t('share.libraryHint')} onClick={() => setGalleryOpen(true)}>{t('share.library')}</button>
      <button type="button" data-action="share" title={t('share.shareHint')} onClick={() => void share()}>{t('share.share')}</button>
      <button type="button" data-action="export" title={t('share.exportHint')}
        onClick={() => { const s = store.getState().scenario; downloadText(exportFileName(s), scenarioJson(s)); }}>
        {t('share.export')}
      </button>
      <button type="button" data-action="import" title={t('share.importHint')} onClick={() => fileRef.current?.click()}>{t('share.import')}</button>
      <input ref={fileRef} type="file" accept="application/json,.json" hidden data-control="import"
        onChange={(e) => { void onFile(e.target.files?.[0]); e.target.value = ''; }} />
      <ShareStatus status={status} onClose={() => setStatus(null)} />
    </div>
  );
}

function ShareStatus({ status, onClose }: { status: Status; onClose: () => void }) {
  const t = useT();
  if (!status) return null;
  return (
    <div className="share-status" role="status" data-share-status={status.kind}>
      {status.kind === 'copied' ? <span>{t('share.copied')}</span> : null}
      {status.kind === 'imported' ? <span>{t('share.imported', { name: status.name })}</span> : null}
      {status.kind === 'fallback' ? (
        <label>
          <span>{t('share.copyFallback')}</span>
          <input type="text" readOnly value={status.url} data-share-fallback aria-label={t('share.linkLabel')}
            autoFocus onFocus={(e) => e.currentTarget.select()} />
        </label>
      ) : null}
      <button type="button" className="link" onClick={onClose}>{t('share.close')}</button>
    </div>
  );
}
