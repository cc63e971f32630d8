/** Transport icons as inline SVG (fonts lack some media symbols); decorative, labels are on the buttons. */
const P = { width: 14, height: 14, viewBox: '0 0 14 14', 'aria-hidden': true, focusable: false } as const;

export const IconStart = () => <svg {...P}><rect x="1" y="2" width="2" height="10" fill="currentColor" /><path d="M13 2 L4 7 L13 12 Z" fill="currentColor" /></svg>;
export const IconEnd = () => <svg {...P}><path d="M1 2 L10 7 L1 12 Z" fill="currentColor" /><rect x="11" y="2" width="2" height="10" fill="currentColor" /></svg>;
export const IconPlay = () => <svg {...P}><path d="M3 1.5 L12.5 7 L3 12.5 Z" fill="currentColor" /></svg>;
export const IconPause = () => <svg {...P}><rect x="2.5" y="2" width="3" height="10" fill="currentColor" /><rect x="8.5" y="2" width="3" height="10" fill="currentColor" /></svg>;
export const IconStep = () => <svg {...P}><path d="M2 2 L9 7 L2 12 Z" fill="currentColor" /><rect x="10" y="2" width="2" height="10" fill="currentColor" /></svg>;
export const IconBack = () => <svg {...P}><rect x="2" y="2" width="2" height="10" fill="currentColor" /><path d="M12 2 L5 7 L12 12 Z" fill="currentColor" /></svg>;
