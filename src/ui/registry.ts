/**
 * Wires the models' view modules into the UI's registry. Until a model's src/sim/<system>/view.ts
 * exists, its panel draws the generic node view (see ./engine/views.ts).
 */
export {};
