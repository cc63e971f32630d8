/**
 * Okabe-Ito, the palette designed to stay distinguishable under the common colour-vision
 * deficiencies. Keys cycle through seven of its colours; the eighth (black) is kept for text.
 */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

const KEY_COLOURS = [
  OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue, OKABE_ITO.vermillion, OKABE_ITO.yellow,
];

/** The colour of a record's key; records without a key are grey. */
export function keyColour(key: number): string {
  if (key < 0) return '#999999';
  return KEY_COLOURS[key % KEY_COLOURS.length];
}

/** Wire kinds: colour and a dash/shape so they differ without colour too. */
export const WIRE_STYLE = {
  produce: { colour: OKABE_ITO.blue, radius: 4 },
  ack: { colour: OKABE_ITO.bluishGreen, radius: 3 },
  replicate: { colour: OKABE_ITO.orange, radius: 3.5 },
  fetch: { colour: OKABE_ITO.reddishPurple, radius: 3 },
  control: { colour: '#888888', radius: 2.5 },
} as const;
