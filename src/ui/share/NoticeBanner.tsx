/**
 * The banner that says why a link, file or remembered scenario could not be opened. The headline
 * is translated; the problems are the engine's own words and are rendered as text (React escapes
 * them), never as HTML, since they may quote what the link contained.
 */
import { useApp, useT } from '../context';
import type { MessageKey } from '../../i18n';
import type { Notice } from './open';

export function noticeKey(n: Notice): MessageKey {
  if (n.source === 'stored') return 'notice.stored';
  if (n.source === 'library') return 'notice.library';
  return `notice.${n.source}.${n.kind}` as MessageKey;
}

export function NoticeBanner() {
  const t = useT();
  const notice = useApp((s) => s.notice);
  const setNotice = useApp((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className="notice" role="alert" data-notice={notice.source} data-notice-kind={notice.kind}>
      <p className="notice-head">{t(noticeKey(notice), { id: notice.id ?? '' })}</p>
      {notice.problems.length > 0 ? (
        <details>
          <summary>{t('notice.details')}</summary>
          <ul className="notice-problems">
            {notice.problems.slice(0, 8).map((p, i) => <li key={i}>{p}</li>)}
          </ul>
        </details>
      ) : null}
      <button type="button" className="notice-close" onClick={() => setNotice(null)} data-action="dismiss-notice">{t('notice.dismiss')}</button>
    </div>
  );
}
