/**
 * The header's Record button and its dialog. It also hands `npm run record` its entry point,
 * `window.__brokerscope.record`, beside the store and engine the tests already read: the
 * script drives the very exporter the button does.
 */
import { useEffect, useState } from 'react';
import { useT } from '../context';
import { RecordDialog } from './RecordDialog';
import { recordFromPage } from './page-api';
import './record.css';

export function RecordButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const api = (window as unknown as { __brokerscope?: Record<string, unknown> }).__brokerscope;
    if (api) api.record = recordFromPage;
  }, []);
  return (
    <>
      <button type="button" data-action="record" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('record.button')}
      </button>
      {open ? <RecordDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
